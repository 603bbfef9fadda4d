# allot 的简体中文目录。每句一条消息；占位符为已格式化的数字（文本）或计数（数字，用于复数形式）。
# 所有目录的 id 与占位符须一致（有测试检查）。

test-nodes = { $count } 个节点

## 核心交给界面的名称

national = 全国

## 操作结果（src/say.rs）

outcome-value = { $node } { $quota }：{ $old } → { $new } { $unit }
outcome-value-siblings = { $node } { $quota }：{ $old } → { $new } { $unit }，同级重新平衡
outcome-value-subtree = { $node } { $quota }：{ $old } → { $new } { $unit }，下级按比例调整
outcome-unchanged = 未改变
outcome-filled = 已在 { $node } 的下级中分配 { $quota } { $amount } { $unit }{ $newcomers ->
        [yes] （仅分给尚无此项的下级）
       *[no] {""}
    }{ $by ->
        [previous] ，按上一批次的比例
        [cumulative] ，按此前各批次的比例
        [equal] ，平均分配
        [reference] ，按参照方案的比例
       *[current] {""}
    }
outcome-filled-down = 已将 { $node } 以下的 { $quota } 逐级分配到末级（顶层 { $amount } { $unit }）
outcome-filled-all = 已分配 { $node } 的剩余量（{ $quotas }）
outcome-locked = 已锁定 { $node }
outcome-unlocked = 已解锁 { $node }
outcome-renamed = 已将 { $from } 重命名为 { $to }
outcome-id-set = { $node } 的 ID 已设为 { $id }
outcome-note-edited = 已编辑 { $node } 的备注
outcome-added = 已在 { $parent } 下添加 { $node }
outcome-deleted = 已删除 { $node }
outcome-moved = 已将 { $node } 移到 { $parent } 下
outcome-quota-added = 已添加指标 { $name }
outcome-quota-relabelled = 指标 { $from } 现为 { $name }（{ $id }）
outcome-quota-deleted = 已删除指标 { $name }
outcome-title-edited = 已编辑标题
outcome-year-edited = 已编辑年份
outcome-unit-edited = 已编辑单位
outcome-levels-edited = 已编辑层级名称
outcome-batch-added = 已添加批次 { $name }
outcome-batch-edited = 已编辑批次 { $name }
outcome-batch-deleted = 已删除批次 { $name } 及其数字
outcome-batch-moved = 批次 { $name } 已移到第 { $place } 位
outcome-pasted = 已粘贴 { $shown } 个数值{ $count ->
       *[other] {""}
    }
outcome-pasted-quota = 已粘贴 { $shown } 个 { $quota } 数值{ $count ->
       *[other] {""}
    }
outcome-undone = 已撤销：{ $what }
outcome-redone = 已重做：{ $what }

## 操作被拒绝的原因

refusal-nothing-to-undo = 没有可撤销的操作
refusal-nothing-to-redo = 没有可重做的操作
refusal-no-such-cell = 没有这个单元格
refusal-node-gone = 该节点已不在方案中
refusal-no-such-quota = 没有这个指标
refusal-locked = { $node } 已锁定；请先解锁
refusal-below-allocated = { $node } 已向下级分配 { $quota } { $allocated } { $unit }；请至少设为该值（或按比例调整其下级）
refusal-parent-over = { $parent } 的 { $quota } 已超分配 { $amount } { $unit }
refusal-parent-only = { $parent } 的 { $quota } 未分配仅剩 { $amount } { $unit }
refusal-short-node-needs = { $have }；{ $node } 需要 { $need }
refusal-short-by = { $have }：共需 { $need }，还差 { $short }
refusal-short-needs-more = { $have }；此操作还需要 { $need }
refusal-root-rebalance = 全国总量没有同级可重新平衡；请直接设定或按比例调整
refusal-no-weights = { $node } 下参与分配的节点在参照方案中都没有数字：请改按它们自己的数字分配
refusal-no-unlocked-siblings = { $node } 没有未锁定的同级可重新平衡
refusal-siblings-short = { $node } 的未锁定同级最多只能让出 { $can } { $unit }（需要 { $need }）
refusal-above-maximum = { $node } 将超过上限 { $max }
refusal-amount-too-large = { $value } 超过上限 { $max }
refusal-locked-floor = { $node } 下已锁定的节点持有 { $floor } { $unit }；不能调整到低于此值
refusal-locked-hold-more = { $node } 下已锁定的节点持有的量多于它将保留的量
refusal-too-far = 此操作会一次改变 { $node } 以下的数字 { $by } { $unit }，超出 allot 能分配的范围；请先设定下级
refusal-nothing-to-fill = { $node } 的 { $quota } 没有未分配的量可分配
refusal-no-unlocked-children = { $node } 没有未锁定的下级可分配
refusal-root-lock = 全国总量不能锁定
refusal-root-rename = 全国行不能重命名；请改为设定方案标题
refusal-root-id = 全国行没有 ID
refusal-root-delete = 全国行不能删除
refusal-root-move = 全国行不能移动
refusal-id-taken = ID { $id } 已被 { $by } 使用
refusal-quota-id-taken = 指标 ID { $id } 已被使用
refusal-too-deep = 方案最多只能有 { $max } 层
refusal-under-itself = { $node } 不能移到自己下面
refusal-part-of-derived = { $kind } 是 { $derived } 的组成部分；请先删除 { $derived }，或修改它的求和项
refusal-no-such-batch = 没有这个批次
refusal-last-batch = 方案至少保留一个批次；如需去掉批次，请导出单个批次
refusal-first-batch-unnamed = 方案现有的数字将成为第一批：请先为它命名
refusal-last-quota = 方案至少需要一种指标
refusal-empty-level-name = 层级名称不能为空
refusal-nothing-to-paste = 没有可粘贴的内容

## 输入的数值未被接受的原因

value-forms = 可输入 69250、69,250、+500、-500、12.5%、*1.1 或 max
value-empty = 未输入内容（{ $forms }）
value-not-a-number = 不是数字："{ $input }"（{ $forms }）
value-bad-grouping = "{ $input }" 的数字分组有误：分隔符须将数字按三位一组分开（输入 69,250 或 69 250，或不加分隔符的 69250）
value-not-whole = 不是整数："{ $input }"（指标以整吨计；如要上级数值的百分比，请输入 { $input }%）
value-too-many-decimals = "{ $input }" 的小数位过多（最多 { $max } 位，例如 12.5%）
value-would-be-negative = "{ $input }" 会使数值为负：当前值为 { $current }（最多输入 -{ $current }，或 0）
value-no-parent = "{ $input }" 需要上级数值，但全国总量没有上级（请直接输入数量，例如 69250，或 +500、-500、*1.1）
value-divide-by-zero = 不能除以零（例如输入 /2 可将数值减半）
value-too-large = 过大："{ $input }" 将超过上限 { $max }

## 合并决定被拒绝的原因

merge-no-such-item = 没有这项差异
merge-not-a-figure = 只有数字可以输入；此项请选择一方
merge-parent-left-out = { $node } 将没有上级：{ $parent } 未纳入合并方案；请先选取它
merge-cycle = 所选的移动会把 { $node } 放到它自己下面；请对两次移动选择同一方
merge-not-stored = { $path } / { $quota }：合并方案得出 { $got }，而不是 { $wanted }：该数字在合并方案中是合计（各指标或各批次之和）；请决定其组成部分
merge-over = { $path } / { $quota } 将超分配 { $by }
merge-and-more = 另有 { $count } 项
merge-inconsistent = 方案将不一致：{ $parts }
merge-invalid = 合并方案将不是有效方案：{ $errors }
