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

## 命令表（src/tui/command.rs）：帮助、提示、分组

cmd-up = 上移
cmd-down = 下移
cmd-left = 左边一列
cmd-right = 右边一列
cmd-next-column = 下一个指标列
cmd-prev-column = 上一个指标列
cmd-page-up = 上一页
cmd-page-down = 下一页
cmd-top = 第一行
cmd-bottom = 最后一行
cmd-toggle = 展开 / 折叠
hint-toggle = 折叠
cmd-expand-all = 全部展开
cmd-toggle-details = 显示 / 隐藏详情面板
cmd-collapse-all = 全部折叠
cmd-toggle-shares = 在数字旁显示占上级的比例
cmd-batches = 下一批次、全部批次、全年
hint-batches = 批次
cmd-reference = 与另一方案对比（载入、权重、移除）
hint-reference = 参照
cmd-reference-columns = 参照列：数字、变化、隐藏
cmd-changes = 上次保存以来的修改（回车跳转）
cmd-sort = 同级排序（仅为视图，方案顺序不变）
hint-sort = 排序
cmd-filter = 只显示问题行、锁定行或匹配行
hint-filter = 筛选
cmd-next-problem = 下一个问题（先超分配，后未分配）
hint-next-problem = 问题
cmd-prev-problem = 上一个问题
cmd-search = 按名称或 ID 搜索
hint-search = 搜索
cmd-next-match = 下一个匹配
cmd-prev-match = 上一个匹配
cmd-edit = 设定数值（或直接输入数字、+ - *）
hint-edit = 编辑
cmd-edit-rebalance = 设定数值，同级重新平衡
hint-edit-rebalance = 平衡
cmd-edit-scale = 设定数值，下级按比例调整
hint-edit-scale = 比例
cmd-fill = 在下级中分配剩余量
hint-fill = 分配
cmd-lock = 锁定 / 解锁
hint-lock = 锁定
cmd-yank = 复制所选数字
cmd-paste = 将所选单元格设为复制的数字
cmd-explain = 上次修改是如何分配的
hint-explain = 说明
cmd-reason = 为上次修改填写理由
cmd-history = 方案修改记录（回车：该次修改的单元格）
cmd-undo = 撤销
hint-undo = 撤销
cmd-redo = 重做
cmd-add-child = 添加下级
hint-add-child = 添加
cmd-add-sibling = 添加同级
cmd-rename = 重命名
cmd-note = 编辑备注
cmd-delete = 删除（先询问）
cmd-move = 移到另一个上级之下
cmd-quotas = 指标种类：添加、重命名、删除
cmd-batch-menu = 批次：添加、编辑、移动、删除
cmd-plan-info = 方案标题、年份、单位和层级名称
cmd-save = 保存
hint-save = 保存
cmd-save-as = 另存为其他文件
cmd-export = 导出分配文件（csv、xlsx、md、json）
hint-export = 导出
cmd-messages = 本次会话的消息
cmd-help = 本帮助
hint-help = 帮助
cmd-quit = 退出
hint-quit = 退出
group-move = 移动
group-tree = 树
group-edit-values = 编辑数值
group-edit-the-plan = 编辑方案
group-file = 文件

## 帮助（src/tui/help.rs）

help-typing = 输入数值
help-typing-amount = 这么多吨
help-typing-plus = 在当前值上增加 / 减少
help-typing-percent = 占上级数值的百分比（四舍六入五成双）
help-typing-times = 乘以 / 除以（四舍六入五成双）
help-typing-max = 当前值加上上级剩余的全部
help-typing-paste-key = 粘贴一列
help-typing-paste = 从此行向下各行的数字
help-typing-tabs-key = （以制表符分隔）
help-typing-tabs = 以及右侧各指标列的数字
help-text = 文本输入
help-text-type = 替换预填的值；→ 或 End 保留它
help-text-clear = 清除到开头 / 到结尾
help-text-word = 删除一个词
help-text-ends = 开头、结尾（也可用 Home、End）
help-text-words = 左移、右移一个词（也可用 ctrl-← →）
help-text-tab = 补全文件或文件夹名（~/ 为主目录）
help-text-esc = 取消：不做任何修改
help-rounding-1 = 重新分配按最大余额法分配整吨；
help-rounding-2 = 余额相同时给权重较大者，再给位置靠前者。
help-no-config-dir = （没有配置目录）
help-config = 按键和颜色：{ $path }
help-unbound = （未绑定）
help-text-type-key = 输入

## 主界面（src/tui/ui.rs）

ui-too-small = 终端太小：{ $width }x{ $height }，allot 至少需要 { $min_width }x{ $min_height }
ui-untitled = 未命名方案
ui-sample = 内置示例
ui-new-file = { $name }（新建）
ui-read-only = 只读：{ $why }
ui-unsaved = 未保存
ui-editing-batch = 正在编辑 { $batch }
ui-all-batches = 全部批次
ui-the-year = 全年，全部批次
ui-over-allocated = 超分配（{ $count }）
ui-unallocated-count = { $count } 处未分配
ui-balanced = 已平衡
ui-name = 名称
ui-ref = 参照
ui-change = 变化
ui-national-total = 全国总量
ui-only-in-reference = { $name }（仅在参照方案中）
ui-reserve = 预留（未分配）
ui-unallocated = 未分配
ui-new = 新增
ui-sort-name = 名称
ui-sort-share = { $quota } 占比
ui-sort-unallocated = { $quota } 未分配
ui-sorted-by = 按{ $by }排序 { $arrow }
ui-filter-unallocated = 未分配
ui-filter-over = 超分配
ui-filter-problems = 未分配或超分配
ui-filter-locked = 已锁定
ui-only = 仅显示{ $what }（{ $count }）
ui-versus = 对比 { $name }
ui-versus-weights = 对比 { $name }（作为权重）
ui-details = 详情（{ $key } 隐藏）
ui-locked = 已锁定
ui-all-n-batches = 全部 { $count } 个批次
ui-value = 数值
ui-share = 占比
ui-note = 备注
ui-children-shares-shown = { $count ->
       *[other] { $count } 个下级：占比见表格
    }
ui-children-shares-key = { $count ->
       *[other] { $count } 个下级：按 { $key } 在表格中显示占比
    }
ui-children-of = 下级的{ $quota }：
ui-more = … 另有 { $count } 个
ui-not-saved-yet = 尚未保存
ui-last-changes = 最近修改（{ $key } 查看全部）：
ui-more-lines = … 另有 { $count } 行{ $count ->
       *[other] {""}
    }：按 { $key } 查看全部消息

## 确认问题（src/tui/dialogs/confirm.rs、recover.rs）

confirm-delete = 删除 { $node }{ $below ->
        [0] {""}
       *[other] 及其下的 { $below } 个节点
    }？
confirm-delete-quota = 删除指标种类 { $name } 及其全部数字？
confirm-delete-batch = 删除批次 { $name } 及其全部数字？
confirm-quit-unsaved = 有未保存的修改。
confirm-overwrite = { $file } 已存在。用此方案替换它？
confirm-export-over = 方案存在超分配。仍要导出？
confirm-changed-on-disk = 自 allot 读取以来，磁盘上的文件已被修改（其他人保存了它）。
confirm-export-overwrite-split = { $count ->
       *[other] { $folder } 中已有 { $count } 个同名文件。替换它们？
    }
confirm-export-overwrite = { $file } 已存在。替换它？
confirm-big-national = 全国总量的变化超过整个方案
confirm-big-times = 是原数字的 { $times } 倍
confirm-big-value = { $node } / { $quota }：{ $old } → { $new }，{ $why }。确定吗？
confirm-yes-no = [y] 是 · [n] 否
confirm-short-delete = 删除？{ $yes_no }
confirm-short-delete-quota = 删除该指标种类？{ $yes_no }
confirm-short-delete-batch = 删除该批次？{ $yes_no }
confirm-short-quit = 有未保存的修改：[s] 保存 · [d] 放弃 · [c] 取消
confirm-short-replace = 替换？{ $yes_no }
confirm-short-export-over = 仍要导出？{ $yes_no }
confirm-short-changed = 磁盘上的文件已改变：[r] 重新载入 · [o] 覆盖 · [s] 另存 · [c] 取消
confirm-short-big = 应用？{ $yes_no }（否：回到编辑）
answer-save-quit = 保存，然后退出
answer-save = 保存
answer-discard-quit = 放弃修改并退出
answer-discard = 放弃
answer-cancel-back = 取消：回到方案
answer-cancel = 取消
answer-reload = 重新载入（放弃你的修改）
answer-reload-short = 重新载入
answer-overwrite = 用你的版本覆盖
answer-overwrite-short = 覆盖
answer-save-elsewhere = 将你的版本另存
answer-save-elsewhere-short = 另存
answer-yes-apply = 是，应用
answer-no-back = 否，回到编辑
answer-yes = 是
answer-no = 否
recover-question = 发现 { $age }未保存的工作：[r] 恢复，或 [d] 放弃？
recover-file-changed = 这些工作开始后，文件又被保存过（由另一个 allot 或其他工具）。恢复会保留该文件；保存时会先询问是否替换它（或将工作另存）。
recover-against-now = 你未保存的工作与现在的文件相比：
recover-changes = 未保存的工作所做的修改：
recover-title = 发现未保存的工作
recover-restore = 恢复未保存的工作
recover-discard = 放弃
age-seconds = 不到一分钟前
age-minutes = { $count ->
       *[other] { $count } 分钟前
    }
age-hours = { $count ->
       *[other] { $count } 小时前
    }
age-days = { $count ->
       *[other] { $count } 天前
    }

## 输入中的问题（core::validate::Issue）

issue-known-none = 无：方案没有 "batches"
issue-id-empty = ID 为空
issue-id-slash = ID { $id } 含有 '/'（ID 以 '/' 连接成路径）
issue-id-control = ID { $id } 含有控制字符
issue-id-spaces = ID { $id } 开头或结尾有空格
issue-quota-id-empty = 指标 ID 为空
issue-batch-id-empty = 批次 ID 为空
issue-quota-id-char = 指标 ID { $id } 含有 { $c }；请使用字母、数字、'-' 和 '_'
issue-batch-id-char = 批次 ID { $id } 含有 { $c }；请使用字母、数字、'-' 和 '_'
issue-quota-id-reserved = 指标 ID { $id } 是分配表的保留列名；请换一个
issue-bad-date = 日期 { $date } 不是形如 2023-03-24 的日期（ISO 8601）
issue-name-empty = { $what ->
        [quota] 指标名称为空
        [batch] 批次名称为空
       *[node] 名称为空
    }
issue-above-max = { $value } 超过上限 { $max }
issue-no-total = 指标 { $id } 没有总量（派生指标须写 sum_of）
issue-too-deep = 节点嵌套超过 { $max } 层
issue-one-figure = 方案有 { $batches } 个批次，此处却只有一个数字：请按 "batches" 的顺序每批写一个，[a, b, ...]
issue-list-without-batches = 数字列表需要方案顶层有 "batches" 列表（以及 "version": 2）；此处请写一个数字
issue-wrong-length = 方案有 { $batches } 个批次，此处却有 { $figures } 个数字{ $figures ->
       *[other] {""}
    }：请按 "batches" 的顺序每批写一个
issue-batch-twice = 批次 { $id } 出现了两次
issue-unknown-batch = 未知批次 { $id }（已有：{ $known }）
issue-duplicate-batch = 批次 ID { $id } 重复（列表中第 { $first } 个批次也用了它）
issue-no-quotas = 方案至少需要一种指标
issue-duplicate-quota = 指标 ID { $id } 重复（列表中第 { $first } 个指标也用了它）
issue-unit-empty = 单位为空；如用方案的单位，请省略此项
issue-derived-total = 指标 { $id } 是其他指标之和（sum_of）：其总量由它们决定；请去掉 "total"
issue-no-stored-kind = 方案至少需要一种直接存储数字的指标（不是 sum_of）
issue-sum-of-empty = sum_of 为空：请写出它所合计的指标
issue-sum-of-unknown = sum_of 中的 { $part } 不是指标（已有：{ $known }）
issue-sum-of-itself = { $id } 是它自己的合计：形成循环
issue-sum-of-derived = sum_of 中的 { $part } 本身就是合计：请写直接存储数字的指标{ $cycle ->
        [yes] （两者互相引用：形成循环）
       *[no] {""}
    }
issue-sum-of-unit = sum_of 中的 { $part } 以 { $part_unit } 计，而 { $id } 以 { $unit } 计：只有同一单位的指标才能相加
issue-sum-of-twice = sum_of 中 { $part } 出现了两次
issue-duplicate-id = ID { $id } 重复（首次用于 { $first }）
issue-unknown-quota = alloc 中的指标 ID { $key } 未知（已有：{ $known }）
issue-alloc-derived = { $key } 是其他指标之和：其数字由它们决定；请从 alloc 中去掉
issue-alloc-twice = alloc 中指标 { $key } 出现了两次

## 两个版本的差异（core::diff）

diff-no-title = （无）
diff-title = 标题：{ $old } → { $new }
diff-facts = 年份、单位或层级名称已改变
diff-quota-removed = 已删除指标种类 { $quota }
diff-quota-added = 已添加指标种类 { $quota }（总量 { $total }）
diff-total = 全国 { $quota } 总量：{ $old } → { $new }
diff-removed = 已删除 { $node }
diff-added = 已添加 { $node }
diff-renamed = { $old } 已重命名为 { $new }
diff-moved = 已移动 { $node }
diff-figure = { $node } { $quota }：{ $old } → { $new }
diff-note = { $node }：备注已改变
diff-more = … 另有 { $count } 处修改

## allot check（src/report/check.rs）

check-over = { $names } / { $quota }：超分配 { $amount } { $unit }（下级合计 { $held }，而本级为 { $value }）
check-unallocated = { $names } / { $quota }：{ $amount } { $unit } 未分配
check-cannot-read = 无法读取文件：{ $error }
check-error = 错误：{ $message }
check-warning = 警告：{ $message }
check-not-utf8 = 文件不是 UTF-8 文本；请另存为 UTF-8
check-not-valid = 不是有效的方案
check-summary = { $state ->
        [over] 存在超分配
        [balanced] 一致且已平衡
       *[open] 一致，尚未平衡
    }（{ $nodes } 个节点{ $nodes ->
       *[other] {""}
    }，{ $kinds } 种指标{ $kinds ->
       *[other] {""}
    }{ $batches ->
        [0] {""}
       *[other] ，{ $batches } 个批次
    }）{ $failed ->
        [yes] ：检查未通过
       *[no] {""}
    }

## 读取方案文件（src/storage/format.rs）

load-format-other = 不是 allot 方案："format" 为 { $found }，应为 "{ $expected }"
load-format-missing = 不是 allot 方案：顶层没有 "format": "{ $expected }" 字段
load-version-newer = 此方案的格式版本为 { $version }，由更新版本的 allot 写成；本 allot 能读取版本 1 至 { $newest }：请更新 allot 后再打开
load-version-unsupported = 不支持的格式版本 { $version }；本 allot 能读取版本 1 至 { $newest }
load-too-deep = 文件嵌套过深（方案最多 { $max } 层）
load-more = … 此后还有 { $count } 个问题；请先修正这些再检查
load-version-two-field = "{ $field }" 是格式版本 2 的字段；请在顶层写 "version": 2
load-empty = 文件为空；方案文件是一个 JSON 对象 {"{"}"format": "{ $format }", ...{"}"}
load-not-object = 不是 allot 方案：方案文件是一个 JSON 对象 {"{"}"format": "{ $format }", ...{"}"}
load-unknown-field = 未知字段 `{ $field }`{ $listed ->
        [no] ，此处不应有字段
       *[yes] ，应为 { $expected } 之一
    }（拼写错误？不允许未知字段）
load-missing-field = 缺少字段 `{ $field }`
load-syntax = JSON 语法错误：{ $what ->
        [eof] 文件在 JSON 结束前中断
        [trailing-comma] 多余的逗号
        [comma-or-brace] 此处应为 , 或 {"}"}
        [comma-or-bracket] 此处应为 , 或 ]
        [colon] 此处应为 :
        [value] 此处应为一个值
        [key-string] 键必须是带引号的字符串
        [control] 字符串中有控制字符
        [trailing-characters] JSON 之后还有多余的字符
       *[other] { $detail }
    }
load-value = 数值或类型不对：{ $detail }

## 已取消（src/tui/app/mod.rs）

cancelled = 已取消{ $what }；未做任何修改
what-move = 移动
what-fill = 分配
what-batches = 批次
what-sort = 排序
what-filter = 筛选
what-edit = 编辑
what-search = 搜索
what-quota-kinds = 指标种类
what-reference = 参照
what-export = 导出
what-new-quota-kind = 新指标种类
what-plan-info = 方案信息
what-delete = 删除
what-delete-quota-kind = 删除指标种类
what-delete-batch = 删除批次
what-quit = 退出
what-save = 保存
what-add = 添加
what-rename = 重命名
what-note = 备注
what-save-as = 另存为
what-quota-rename = 指标重命名
what-reason = 填写理由
what-scale = 按比例调整
what-rebalance = 重新平衡
what-batch = 批次

## 输入提示（src/tui/dialogs/mod.rs）

hint-cancel = 取消
hint-type-key = 输入
hint-replaces = 即替换
hint-edit-it = 编辑原值
hint-clear = 清空
hint-word = 删词
hint-ok = 确定
hint-apply = 应用
hint-close = 关闭
hint-back = 返回
hint-scroll = 滚动
hint-move = 移动
hint-choose = 选择
hint-complete = 补全
hint-home-folder = 主目录

## 对话框按键说明（src/tui/dialogs）

label-add = 添加
label-all-rows = 全部行
label-apply = 应用
label-back = 返回
label-cancel = 取消
label-choose = 选择
label-clear = 清空
label-close = 关闭
label-columns = 列
label-complete = 补全
label-delete = 删除
label-drop = 移除
label-edit = 编辑
label-edit-it = 编辑原值
label-fill = 分配
label-filter = 筛选
label-format = 格式
label-go-to-it = 跳转
label-go-to-the-node = 跳到该节点
label-home-folder = 主目录
label-how-it-shares = 如何分配
label-how-it-was-shared = 如何分配的
label-keep = 保留
label-load = 载入
label-move = 移动
label-move-here = 移到此处
label-next = 下一步
label-ok = 确定
label-plan-order = 方案顺序
label-rename = 重命名
label-replaces = 即替换
label-scroll = 滚动
label-show = 显示
label-sort = 排序
label-top-end = 顶部、底部
label-undo-the-change = 撤销此修改
label-weights = 权重

## 输入框（src/tui/dialogs/prompt.rs）

prompt-nothing-in = { $dir }/ 中没有内容（以 . 开头的名称在输入 . 后显示）
prompt-no-match = { $dir }/ 中没有以 { $start } 开头的文件或文件夹
prompt-matches = { $count }{ $more } 个匹配：{ $names }
prompt-add-child = { $node } 下新节点的名称：
prompt-add-sibling = { $node } 之后新节点的名称：
prompt-rename = 重命名 { $node }：
prompt-note = { $node } 的备注：
prompt-save-as = 另存为（文件路径）：
prompt-quota-rename = 重命名指标 { $quota }：
prompt-filter = 只显示名称或 ID 包含：
prompt-reference = 用于对比的参照方案（文件路径）：
prompt-reason = 上次修改的理由（记入修改记录）：
prompt-required-reason = 此次修改的理由（必填；Esc 撤销修改）：
prompt-export-split = 导出 { $format } 文件，每个顶层节点一个，到文件夹：
prompt-export = 导出 { $format } 到：
prompt-type-name = 请输入名称（Esc 取消）
prompt-added-type-value = { $done }；请输入它的{ $quota }数值，或按 Tab 换到另一个指标
prompt-type-file = 请输入文件路径（Esc 取消）
prompt-type-path = 请输入路径（Esc 取消）
prompt-reason-required = 必须填写理由（设置 editing.require_reason）：请输入，或按 Esc 撤销此修改

## 编辑数字（src/tui/dialogs/edit.rs）

edit-set = 设定
edit-rebalance = 设定（同级重新平衡）
edit-scale = 按比例调整下级为
edit-colon = ：

## 导出菜单（src/tui/dialogs/export.rs）

export-csv = CSV（Excel、WPS、脚本）
export-xlsx = XLSX 工作簿（未分配为实时公式）
export-md = Markdown 报告
export-json = JSON 方案
export-split-on = 拆分已开：每个顶层节点一个文件
export-split-off = 拆分已关：整个方案一个文件
export-history-in = 包含修改记录：XLSX 中为一个工作表，Markdown 中为一节
export-history-out = 不含修改记录：只有数字
export-batch-one = 批次：仅 { $batch }（其通知所列）
export-batch-all = 批次：全年，各批次及合计
export-bar = 导出：[c] csv [x] xlsx [m] markdown [j] json · [s] 拆分{ $split ->
        [on] 开
       *[off] 关
    } · [h] 修改记录{ $history ->
        [in] 含
       *[out] 不含
    }{ $batch }
export-bar-batch-all = {" · "}[b] 批次：全部
export-bar-batch = {" · "}[b] 批次：{ $batch }
export-question = 导出分配文件为：
export-hint-split-on = 拆分：开
export-hint-split-off = 拆分：关
export-hint-history-in = 修改记录：含
export-hint-history-out = 修改记录：不含

## 分配菜单（src/tui/dialogs/fill.rs）

fill-bar = 分配依据：[enter] 由 allot 选择 · [c] 此前各批次 [p] 上一批次 [v] 现有数字 [e] 平均 · [d] 逐级到末级{ $down ->
        [on] 开
       *[off] 关
    }
fill-question = 将 { $node } 剩余的{ $quota }分给其下级，按以下比例：
fill-auto = 由 allot 选择：对尚未分到的下级按此前各批次（回车）
fill-cumulative = 它们此前各批次的数字
fill-previous = 它们上一批次的数字
fill-current = 它们本批次的数字
fill-equal = 平均分配
fill-down-on = 逐级到末级：开（每个下级再分配自己的部分）
fill-down-off = 逐级到末级：关（只分这一级）
fill-hint-down-on = 到末级：开
fill-hint-down-off = 到末级：关

## 筛选菜单（src/tui/dialogs/filter.rs）

filter-bar = 只显示：[u] 未分配 [o] 超分配 [p] 问题 [l] 锁定 [t] 文本 · [a] 全部行
filter-question = 只显示以下行（连同其上级；方案不变）：
filter-unallocated = 有未分配的上级
filter-over = 超分配的上级
filter-problems = 两者：所有问题
filter-locked = 锁定的节点
filter-text = 名称或 ID 包含某段文本…
filter-all = 全部行

## 排序菜单（src/tui/dialogs/sort.rs）

sort-bar = 排序依据：[v] 数值 [%] 占比 [u] 未分配 [n] 名称 · [t] 方案顺序
sort-question = 按{ $quota }对每个上级的下级行排序（再按同一键则反向）。只改变视图：方案顺序不变。
sort-value = 数值，从大到小
sort-share = 占上级比例，从大到小
sort-unallocated = 未分配，从大到小
sort-name = 名称，顺序排列
sort-plan = 方案本身的顺序

## 搜索（src/tui/dialogs/search.rs）

search-afterwards = 之后：下一个/上一个

## 移动节点（src/tui/dialogs/pick.rs）

pick-label = 将 { $node } 移到（搜索）之下：
pick-no-match = （没有匹配）
pick-national = 全国（顶层）
pick-none = 没有匹配的上级；请输入名称或 ID 的一部分
pick-title = 新的上级

## 指标种类（src/tui/dialogs/quotas.rs）

quotas-title = 指标种类

## 批次（src/tui/dialogs/batch.rs）

batches-title = 批次
batch-type-name = 请输入批次名称（如 第二批）
batch-id = 新批次 ID（字母、数字、- _）：
batch-name = 批次 { $id } 的名称：
batch-date = 通知日期，如 2023-09-25（无则留空）：
batch-notice = 通知文号（无则留空）：
batch-total = { $batch } 的全国{ $quota }总量（50% = 上一批的一半）：

## 方案信息与新指标（src/tui/dialogs/wizard.rs）

wizard-rest-cancelled = 方案信息：其余步骤已取消；之前的步骤保留
wizard-title = 方案标题：
wizard-year = 年份（无则留空）：
wizard-unit = 单位：
wizard-levels = 层级名称，从顶层起，以逗号分隔：
wizard-quota-id = 新指标 ID（字母、数字、- _）：
wizard-quota-name = 指标 { $id } 的名称：
wizard-quota-total = { $quota }的全国总量：
wizard-bad-year = 年份是整数，如 2024（无则留空）
wizard-type-quota-name = 请输入指标种类的名称

## 消息（src/tui/dialogs/messages.rs）

messages-none = （暂无消息）

## 参照菜单（src/tui/dialogs/reference.rs）

reference-bar = 参照：[c] 列 · [w] 作为分配、平衡、比例调整的权重 · [l] 载入另一个 · [d] 移除
reference-title = 正在与 { $name } 对比（只读）：
reference-columns-figures = 列：其数字（下一步：加上变化）
reference-columns-change = 列：其数字与变化（下一步：隐藏）
reference-columns-hidden = 列：隐藏（下一步：其数字）
reference-weights-on = 分配、平衡和比例调整按其数字：开
reference-weights-off = 分配、平衡和比例调整按其数字：关（按方案自身）
reference-load = 载入另一个参照方案
reference-drop = 移除参照

## 修改记录（src/tui/dialogs/history.rs）

history-no-figure = 该条记录没有修改数字
history-nothing-shared = 该次修改没有分配：无需说明
history-none = 暂无修改记录：保存方案时才会记录修改
history-unsaved = （尚未保存）

## 修改记录（续）

history-reason = 理由：{ $reason }
history-more = 另有 { $count } 项
history-title = 修改记录：{ $count } 次修改{ $count ->
       *[other] {""}
    }（回车：跳转，w：如何分配的，esc）

## 分配说明（src/tui/dialogs/explain.rs）

explain-rule = 共分配 { $total }：每个接收方得到 数量 × 权重 ÷ 权重之和 的整数部分；{ $left ->
        [0] 没有余下的单位
       *[other] 余下的 { $left } 个单位按小数部分从大到小各给一个
    }（相同时给权重较大者，再给位置靠前者）
explain-recipient = 接收方
explain-weight = 权重
explain-exact = 精确份额
explain-decimal = 小数
explain-whole = 整数
explain-why = 原因
why-whole-part = 整数部分
why-largest-fraction = 小数最大
why-tie-larger-weight = 相同：权重较大
why-tie-earlier = 相同：位置靠前
why-capped = 已达上限
explain-title = { $ahead ->
        [yes] 将如何分配
       *[no] 是如何分配的
    }（↑↓ 滚动，其他键{ $back ->
        [yes] 返回
       *[no] 关闭
    }）

## 预览（src/tui/dialogs/preview.rs）

preview-heading = 如果应用：{ $what }
preview-nothing-shared = 此操作没有分配：无需说明
preview-bar = 应用？{ $count } 个数字将改变{ $count ->
       *[other] {""}
    }（回车或 y 应用，esc 或 n 取消）
preview-sums = 下列数字合计 { $old } → { $new }；应用之前不做任何修改
preview-node = 节点
preview-quota = 指标
preview-old = 原值
preview-new = 新值

## 预览（续）

preview-title-more = 预览（下方另有 { $count } 项：↓）
preview-title = 预览

## 主界面命令（src/tui/app/commands.rs）

app-read-only = 只读：{ $why }；按 { $key } 另存一份副本后即可编辑
app-nothing-to-explain = 上次修改没有分配：无需说明
app-no-change-for-reason = 还没有可填写理由的修改
app-details-shown = 已显示详情
app-details-hidden = 已隐藏详情
app-shares-shown = 已在数字旁显示占上级的比例
app-shares-hidden = 已隐藏占比
app-root-no-siblings = 全国行没有同级；请用添加下级
app-root-no-note = 全国行没有备注；请选择一个节点
app-no-batches = 此方案没有批次：按 { $key } 添加（现有数字成为第一批）
app-sum-of-kinds = { $kind } 是 { $parts } 之和：请修改它们
app-and = 、
app-sum-of-batches = 此列是各批次之和：请修改某一批次的数字（按 { $key } 显示单个批次）
app-select-column-edit = 请选择一个指标列（→ 或 Tab）再编辑数值
app-rest-line = 此行显示未分配的量；请选择一个节点再编辑
app-locked = 已拒绝：{ $node } 已锁定；请先解锁（{ $key }）
app-root-no-rebalance = 全国总量没有同级；请直接编辑或按比例调整
app-view = 显示方式：{ $view }（仅为视图，方案不变；{ $sort } t：方案顺序，{ $filter } a：全部行）
app-view-all = 全部行，按方案顺序
app-no-problems = 没有问题：没有超分配或未分配
app-problem = { $node }：{ $quota }{ $over ->
        [yes] 超分配 { $amount } { $unit }（超分配第 { $place } 处，共 { $count } 处）
       *[no] 未分配 { $amount } { $unit }（未分配第 { $place } 处，共 { $count } 处）
    }
app-select-column-copy = 请选择一个指标列（→ 或 Tab）再复制数字
app-copy-over = 超分配的量不能作为数字复制
app-reference-no-figure = 参照方案中没有该指标的数字
app-copied = 已复制 { $value }；按 { $key } 将单元格设为该值
app-nothing-copied = 尚未复制：按 { $key } 复制所选数字
app-select-column-paste = 请选择一个指标列（→ 或 Tab）再粘贴数字
app-paste-first-node = 请选择要粘贴的第一个节点（不是未分配行）
app-paste-too-many = 已拒绝：粘贴了 { $lines } 行，但 { $under } 下从此处向下只有 { $rows } 行{ $rows ->
       *[other] {""}
    }
app-paste-too-wide = 已拒绝：第 { $line } 行有 { $figures } 个数字，但从此处向右只有 { $columns } 个指标列
app-paste-sum = 已拒绝：粘贴的第 { $line } 行第 { $figure } 个数字：该列是合计，不能输入
app-paste-refused = 已拒绝：粘贴的第 { $line } 行第 { $figure } 个数字：{ $why }
app-no-search = 还没有搜索：按 / 搜索

## 应用（src/tui/app/mod.rs）

busy-exporting = 正在导出…
busy-saving = 正在保存…
app-quit-when-done = { $what }：完成后 allot 即退出
app-plan-no-batches = 方案没有批次
app-showing-batch = 正在显示 { $batch }：输入的数字计入该批次
app-showing-all-batches = 正在显示各批次及全年（Σ）；合计不能输入
app-showing-year = 正在显示全年：各批次相加（不能输入）

## 文件（src/tui/app/safety.rs）

lock-held-pid = 已在另一个 allot 中打开（进程 { $pid }）
lock-held = 已在另一个 allot 中打开
lock-held-new = 新文件已在另一个 allot 中打开
lock-unavailable = 无法锁定方案以防止第二个编辑者（{ $error }）；注意不要重复打开
recover-unreadable = 发现一份无法读取的恢复副本；已保留原处
recover-read-failed = 无法读取恢复副本
recover-restored-newer = 已恢复 { $age }的工作（文件较新：保存时会询问）
recover-restored = 已恢复 { $age }未保存的工作；按 { $key } 保存
save-big = 正在将 { $count } 个节点保存到 { $file } …
saved = 已保存 { $file }
saved-no-history = 已保存 { $file }，但无法写入修改记录：{ $error }
save-failed = 无法保存 { $file }：{ $error }；你的修改仍在此处（未保存），磁盘上的文件保持原样
export-big = 正在将 { $count } 个节点导出到 { $file } …
export-is-the-plan = 这就是方案文件本身：请按 { $key } 保存，或换一个名称
export-refused = 无法导出到 { $file }：{ $why }
save-as-refused = 无法保存到 { $file }：{ $error }；请输入另一个路径（Esc 取消）
exported-files = 已导出 { $count } 个文件到 { $folder }{ $count ->
       *[other] {""}
    }
exported = 已导出到 { $file }
export-failed = 无法导出到 { $file }：{ $error }
recover-write-failed = 无法写入恢复副本：{ $error }
reloaded = 已从磁盘重新载入 { $file }；你的修改已放弃
reload-failed = { $file } 现在无法作为方案读取；此处未做任何修改（allot check 会说明原因）

## 参照、理由与修改（src/tui/app/reference.rs）

reference-none = 没有参照方案：按 { $key } 载入
reference-shown-figures = 已显示参照数字
reference-shown-change = 已显示参照数字及变化
reference-shown-hidden = 已隐藏参照列
reference-spread-on = 分配、平衡和比例调整现按 { $name } 的数字进行
reference-spread-off = 分配、平衡和比例调整恢复按方案自身的数字进行
reason-cleared = 上次修改现在没有理由
reason-kept = 理由已记入上次修改：{ $reason }
changes-never-saved = 方案尚未保存为文件：其中一切都是新的
changes-none = 上次保存以来没有修改
read-cannot = 无法读取：{ $error }
read-not-utf8 = 不是 UTF-8 文本
read-nothing-loaded = { $file }：{ $why }；未载入任何内容

## 帮助（续）

help-more = ↓ 更多：第 { $from }-{ $to } 行，共 { $total } 行
help-end = 结束：第 { $from }-{ $total } 行，共 { $total } 行
help-title = 帮助：按键（esc 关闭）

## 上次保存以来的修改（src/tui/dialogs/changes.rs）

changes-added = 新增
changes-deleted = 已删除：{ $path }
changes-moved = 移自 { $path }
changes-renamed = 原名 { $name }
changes-quota-added = 已添加指标种类 { $quota }
changes-batch-deleted = 已删除批次 { $batch }
changes-title = 上次保存以来的修改：{ $count } 处（回车跳转，esc 关闭）

## 批次（续）

batches-add-first = + 添加批次（方案现有数字成为第一批）
batches-add = + 添加批次
batch-id-taken = { $id } 已是某个批次或指标种类的 ID

## 指标种类（续）

quotas-add = + 添加指标种类

## 搜索（续）

search-no-match = 没有与 { $query } 匹配的

## 主界面命令（续）

app-no-children = { $node } 没有下级

## 消息（续）

messages-title = 消息（esc 关闭）

## 打开方案（src/tui/mod.rs）

loading = 正在载入 { $file } …
open-fix = 请修正文件（allot check { $file } 会列出每个问题）后再打开

## 已拒绝

refused = 已拒绝：{ $why }

## 方案旁的修改记录

history-unreadable = 无法读取修改记录：{ $error }

## 参照与理由（续）

reference-dropped = 不再与 { $name } 对比
reason-missing-undone = 未填写理由，修改已撤销（{ $what }）

## 锁定（续）

lock-unsafe = { $why }：已以只读方式打开；请删除该文件，或按 { $key } 另存副本

## 后台操作（src/tui/effects.rs）

history-unreadable-export = 无法读取修改记录：{ $error }；未写入任何内容
export-stdout = 此处标准输出就是屏幕；请输入文件路径

## 修改（续）

changes-saved = 已保存
changes-now = 现在

## allot log（src/report/log.rs）

log-bad-date = 请按 YYYY-MM-DD 格式给出日期
log-none = 没有修改记录

## allot apply（src/report/apply.rs）

apply-operation = 第 { $number } 个操作（{ $op }）：{ $why }
apply-locked = 方案已在另一个 allot 中打开{ $known ->
        [yes] （进程 { $pid }）
       *[no] {""}
    }；请在那里关闭，或用 -o 将结果写到别处
apply-refused = 第 { $number } 个操作（{ $op }）：{ $why }；未写入任何内容
apply-changed-on-disk = 自 allot 读取以来方案在磁盘上已被修改；未写入任何内容：请重新运行
apply-cannot-save = 无法保存：{ $error }
apply-output-exists = 输出文件已存在；用 --force 替换它
apply-output-is-plan = 这就是方案文件本身：去掉 -o 即可原地保存
apply-cannot-write = 无法写入：{ $error }
apply-no-history = 已保存，但无法写入修改记录：{ $error }
apply-done = { $ops } 个操作{ $ops ->
       *[other] {""}
    }，改变了 { $figures } 个数字{ $figures ->
       *[other] {""}
    }
apply-dry-run = 试运行：{ $what }；未写入任何内容
apply-saved = 已保存 { $file }（{ $what }）

## allot diff（src/report/diff.rs）

diff-same = 两个方案的每个数字和结构都相同
diff-only-in = 仅在 { $plan } 中
diff-moved-heading = 已移动
diff-renamed-heading = 已重命名
diff-kinds-only-in = 仅在 { $plan } 中的指标种类
diff-batches-only-in = 仅在 { $plan } 中的批次
diff-no-batch = 两个方案都没有批次 { $batch }

## allot summary（src/report/summary.rs）

summary-no-batches = 没有批次 { $batch }：方案没有批次
summary-no-batch = 没有批次 { $batch }（已有批次：{ $known }，或 all）
summary-compared = { $file } 与其参照方案的对比
summary-not-in-reference = 不在参照方案中

## allot summary（续）

summary-quota = 指标
summary-name = 名称
summary-total = 总量
summary-allocated = 已分配
summary-reference = 参照

## allot diff（续）

list-title = { $title }：

## 命令行（src/main.rs）

cli-about = 精确分解全国总量指标：用于分配树（全国 → 省或集团 → 企业）的规划工具
cli-check = 检查方案：能载入且一致时退出码为 0，有错误或超分配（或在 --strict 下未平衡）时为 1，无法读取时为 2
cli-summary = 列出各指标的全国总量以及各节点的数值和占比
cli-export = 写出分配文件：CSV、XLSX、Markdown 或 JSON，整体或每个顶层节点一个文件。方案超分配时拒绝，除非使用 --force
cli-apply = 不用终端按顺序对方案执行操作，作为一次修改：任一操作被拒绝则不写入任何内容（退出码 1）
cli-diff = 比较两个方案：节点、指标种类和批次按 ID 对应
cli-log = 方案的修改记录（PLAN.history.jsonl）：谁在何时因何修改了什么，最新的在最后
cli-merge = 将方案 A 和 B 合并为新方案 OUT，逐项决定每处差异
cli-import = 由导出格式的 CSV 表格或 allot 导出的工作簿生成方案
cli-generate = 生成任意规模的一致方案，用于基准和负载测试
cli-arg-file = 要打开的方案文件（不给则为内置示例方案）
cli-arg-compare = 用于对比的方案，显示在每个数字旁（只读）
cli-arg-lang = 界面和消息的语言：zh-CN 或 en
cli-help = 显示帮助
cli-version = 显示版本
cli-heading-options = 选项
cli-heading-commands = 命令
cli-usage = 用法：
cli-heading-arguments = 参数

## Markdown 报告（src/export/markdown.rs）

md-all-batches = 全部批次
md-year-so-far = 本年至今
md-untitled = 分配方案
md-year = 年份：{ $year }
md-unit = 单位：{ $unit }
md-batches = { $count } 个批次{ $count ->
       *[other] {""}
    }
md-state = 状态：{ $state ->
        [over] 存在超分配
        [balanced] 已平衡
       *[open] 一致，尚未分配完毕
    }
md-quota-head = | 节点 | 数值（{ $unit }） | 占上级比例 | 未分配 |
md-locked = （已锁定）
md-omitted = { $count ->
       *[other] 另有 { $count } 个节点没有此项指标，未列出。
    }
md-notes = 备注
md-national-totals = 全国总量
md-totals-head = | 指标 | 总量 | 已分配 | 未分配 |
md-totals-head-short = | 指标 | 总量 |
md-changes = 修改记录
md-no-changes = 没有修改记录。
md-batch = 批次
md-changes-head = | 时间（UTC） | 修改人 | 修改 | 理由 | 节点 | 指标 |{ $batch } 原值 | 新值 | 差额 |

## 工作簿（src/export/xlsx.rs）

xlsx-sheet-allocation = 分配
xlsx-sheet-summary = 汇总
xlsx-sheet-history = 修改记录
xlsx-title = 标题
xlsx-year = 年份
xlsx-unit = 单位
xlsx-exported = 导出时间（UTC）
xlsx-h-time = 时间（UTC）
xlsx-h-who = 修改人
xlsx-h-change = 修改
xlsx-h-reason = 理由
xlsx-h-path = 路径
xlsx-h-name = 名称
xlsx-h-quota = 指标
xlsx-h-batch = 批次
xlsx-h-old = 原值
xlsx-h-new = 新值
xlsx-h-difference = 差额

## 合并视图（src/tui/reconcile.rs）

merge-not-saved = 未保存：{ $why }
merge-all-decided = 每处差异都已决定
merge-save-open = { $count } 处未决定的差异将保留 A 的一方{ $count ->
       *[other] {""}
    }；仍要保存吗？(y/n)
merge-quit-unsaved = 这些决定尚未保存；仍要退出吗？(y/n)
merge-type-figure-only = 只有数字可以输入；此项请选择 A 或 B
merge-same = 两个方案相同
merge-decided = { $count } 处全部已决定
merge-unresolved = { $count } 处中有 { $open } 处未决定
merge-head = 合并 A { $a } · B { $b } → { $out }
merge-whole = 方案本身：标题、指标种类、批次、顺序、备注
merge-side = { $side } 方
merge-present = 有
merge-absent = 无
merge-kept = 保留
merge-left-out = 不纳入
merge-only-in = { $node }（仅在 { $side } 中）
merge-top-level = 顶层
merge-moved = { $node }（已移动）
merge-parent = 上级
merge-renamed = { $node }（已重命名）
merge-differences = 差异
merge-merged = 合并后
merge-built-title = 合并后的方案（剩余：+ 未分配，- 超分配）
merge-figure-label = 数字：
merge-decide = 决定
merge-key-take-a = 选 A
merge-key-take-b = 选 B
merge-key-type = 输入
merge-key-save = 保存
merge-key-quit = 退出
merge-key-undo = 撤销
merge-key-next-open = 下一个未决
merge-key-undecide = 取消决定
merge-key-redo = 重做

## allot export 与 import（src/report/transfer.rs）

out-exists = 文件已存在；请换一个名称，或用 --force 替换
out-is-plan = 这就是方案文件本身（{ $plan }）；请保存它或换一个名称
export-no-batch = 没有批次 { $batch }（已有批次：{ $known }）
export-history-unreadable = 无法读取修改记录：{ $error }；未写入任何内容（去掉 --history 导出，或修正该文件）
export-over = 方案存在超分配；请修正，或用 --force 仍然导出
export-not-balanced = 方案尚未平衡（{ $count } 处未分配{ $count ->
       *[other] {""}
    }；allot check 会列出）
export-xlsx-binary = xlsx 是二进制格式：请用 -o FILE.xlsx 指定输出文件
export-history-format = --history 只能用于 xlsx（修改记录工作表）或 md（修改记录一节）；{ $format } 无处容纳

## allot export 与 import（续）

split-exist = 有 { $count } 个文件挡路{ $count ->
       *[other] {""}
    }（{ $names }{ $more ->
        [0] {""}
       *[other] 等，另有 { $more } 个
    }）；未写入任何内容；请换一个文件夹，或用 --force 替换
split-is-plan = 这就是方案文件本身（{ $plan }）；未写入任何内容；请换一个文件夹
import-is-table = 这就是正在导入的表格；请换一个名称
import-not-utf8 = 表格不是 UTF-8 文本；请另存为 UTF-8 CSV
nothing-written = 未写入任何内容
wrote-nodes = 已写出 { $file }（{ $count } 个节点{ $count ->
       *[other] {""}
    }）
wrote = 已写出 { $file }

## allot merge（src/report/merge.rs）

merge-out-is-input = 这是正在合并的方案之一：请将合并后的方案写到新文件
merge-no-history = 合并后的方案已写出，但无法写入修改记录：{ $error }
merge-take-refused = 对每处差异都选 { $side }：{ $why }；未写入任何内容
merge-taken = { $count } 处差异取自 { $side }（{ $from }）{ $count ->
       *[other] {""}
    }；这些决定记录在 { $history }

## 设置警告（src/tui/config.rs）

key-empty = 空字符串不是按键
key-no-key-after = "{ $key }" 在 "{ $prefix }-" 之后没有按键
key-control = "{ $key }" 含有控制字符；请使用按键名称，如 tab 或 enter
key-function = "{ $key }"：功能键为 f1 至 f12
key-plus = "{ $key }" 不是按键；修饰键请用短横线连接，如 "{ $dashed }"
settings-unreadable = 无法读取设置（{ $error }）；使用默认设置
settings-did-you-mean = （是否想写 "{ $name }"？）
settings-known = （已有：{ $names }）
settings-unknown = 未知的{ $what }{ $hint }；已忽略
settings-what-section = 设置节
settings-what-command = 命令
settings-what-colour-entry = 颜色项
settings-what-editing-setting = 编辑设置
settings-what-number-setting = 数字设置
settings-bad-json = 不是有效的 JSON（{ $reason }）；使用默认设置
settings-not-object = 设置必须是一个 JSON 对象，如 {"{"}"keys": {"{"}"undo": ["U"]{"}"}{"}"}；使用默认设置
keys-none-left = 没有剩下的按键（quit 和 help 保留默认按键），因此无法使用 "{ $name }"
keys-unbound = 没有绑定按键，因此无法使用 "{ $name }"
keys-default-taken = 其默认按键 { $key } 已绑定到另一个命令
keys-defaults-taken = 其默认按键 { $keys } 已绑定到其他命令
keys-no-key-left = "{ $name }" 没有剩下的按键（{ $why }），因此无法使用
keys-not-string = { $value } 不是按键（按键应为字符串）；已忽略
keys-taken-earlier = "{ $key }" 已在文件前面绑定到 "{ $other }"；已忽略
keys-none-usable = 没有可用的按键；保留默认按键
keys-must-keep = "{ $name }" 必须保留按键；保留其默认按键 { $keys }
settings-language-unknown = { $value } 不是 allot 支持的语言（"zh-CN"、"en" 或 "auto"）；沿用系统语言
settings-language-type = 应为 "zh-CN"、"en" 或 "auto"，实际为 { $value }；沿用系统语言
settings-not-bool = { $value } 不是 true 或 false；保留默认值
settings-not-name = { $value } 不是名称；沿用登录名
json-list = 一个列表
json-object = 一个对象

## 设置警告（续）

settings-keys-object = 应为由命令名和按键列表组成的对象，如 {"{"}"undo": ["u", "ctrl-z"]{"}"}，实际为 { $value }；保留默认按键
settings-colors-object = 应为对象，如 {"{"}"error": "light-red"{"}"}，实际为 { $value }；保留默认颜色
settings-not-colour = { $value } 不是颜色；请使用名称（如 "light-red"）、"#rrggbb" 或 0-255 的编号；保留默认值
settings-editing-object = 应为对象，如 {"{"}"preview": false{"}"}，实际为 { $value }；保留默认值
settings-numbers-object = 应为对象，如 {"{"}"thousands_separator": " "{"}"}，实际为 { $value }；保留默认数字格式
settings-not-separator = { $value } 不是千位分隔符；请使用 "," "." " " "'" "_" 之一，或 "" 表示不分隔；保留默认值
settings-not-decimals = { $value } 不是小数位数；请使用 0、1、2 或 3；保留默认值

## 选项说明（src/main.rs）

cli-opt-file = 方案文件
cli-opt-format = 输出格式
cli-opt-output = 输出文件（- 表示标准输出）
cli-opt-force = 替换已有文件（绝不替换方案本身）；用于导出时，也导出超分配的方案
cli-opt-depth = 只包含到此深度的节点（1 = 仅顶层）
cli-opt-batch = 单个批次（按 ID）
cli-opt-take = 每处差异都选这一方
cli-opt-reason = 理由（记入方案的修改记录）
cli-opt-out = 合并后方案的文件
cli-opt-ops = 要执行的操作，每个参数一个
cli-opt-a = 方案 A
cli-opt-b = 方案 B
cli-opt-unit = 方案的单位
cli-opt-title = 方案的标题
cli-opt-table = CSV 表格，或 allot 导出的 XLSX 工作簿
cli-opt-strict = 有未分配的剩余量时也判为失败
cli-opt-split = 每个顶层节点写一个文件到此目录
cli-opt-since = 只列出此日期（YYYY-MM-DD，UTC）以后的记录
cli-opt-seed = 随机种子
cli-opt-nodes = 节点数量
cli-opt-node = 只列出修改了此节点或其下级的记录（ID 路径）
cli-opt-national_remainder = 在每个接收方的文件中显示真实的全国剩余量
cli-opt-history = 附上方案的修改记录（xlsx：修改记录工作表；md：修改记录一节）
cli-opt-dry_run = 只显示将会改变什么，不写入
cli-opt-compare = 用于对比的参照方案

## 文件（src/storage/file.rs）

file-not-found = 没有这个文件
file-directory = 是目录，不是文件
file-not-regular = 是{ $kind }，不是普通文件
file-exists = 文件已存在
file-is-plan = 这就是方案文件本身
file-no-reader = 是没有进程读取的 FIFO（命名管道）
file-too-large = 大于 { $limit } 字节
kind-fifo = FIFO（命名管道）
kind-char-device = 字符设备
kind-block-device = 块设备
kind-socket = 套接字
kind-directory = 目录
kind-other = 非普通文件

## 方案文件中的数量（src/storage/format.rs）

amount-too-large = 数量 { $value } 超过上限 { $max }（10^15）
amount-negative = 数量 { $value } 为负数；数量是从 0 起的整数
amount-fraction = 数量 { $value } 有小数部分；数量是整数（请取整）
amount-decimal-point = 数量写成了带小数点或指数的形式；请写整数 { $whole }
amount-bool = 数量是 { $value }；请写从 0 起的整数
amount-null = 数量为 null；请写从 0 起的整数（为 0 时可省略此项）
amount-string = 数量是字符串 { $value }；请写成不带引号和分隔符的普通数字

## 修改记录文件（src/storage/history.rs）

history-torn = 第 { $line } 行：最后一条记录不完整（保存被中断）；已忽略
history-bad-line = 第 { $line } 行：不是修改记录（{ $error }）；已忽略

## allot apply 的操作（src/report/apply.rs）

op-quote-open = 双引号没有闭合
op-needs = { $verb } 需要 { $what }（{ $usage }）
op-empty = 空操作（{ $usage }）
op-too-many = { $verb } 只接受 { $count } 个词{ $count ->
       *[other] {""}
    }；"{ $extra }" 多余（带空格的词请放在双引号中）
op-quota-before-at = { $verb } 在 @ 之前需要 QUOTA
op-unknown = 未知操作 { $op }（{ $usage }）
op-by-needs = by 之后需要 cumulative、current、previous 或 equal
op-by-unknown = by { $how }：请写 by cumulative、current、previous 或 equal
op-after-by = by { $how } 之后的 "{ $extra }" 多余
op-one-quota = { $verb } 只接受一个 QUOTA[@BATCH]；"{ $extra }" 多余
op-add-batch-word = add-batch：{ $word } 不是 QUOTA=VALUE、date=、notice=、first= 或 first-name=
op-node-elsewhere = { $path } 处没有节点：{ $id } 在 { $at }
op-no-node = { $path } 处没有节点：没有 ID 为 { $id } 的节点（路径是以 / 连接的 ID，顶层为 national）
op-no-batches = @{ $batch }：方案没有批次（可用 add-batch 添加）
op-no-kind = 没有指标种类 { $kind }（已有：{ $known }）
op-derived = { $kind } 是其他指标之和：请改为设定或分配那些指标
op-add-batch-kind = add-batch：{ $kind } 不是直接存储数字的指标种类
op-none = 没有给出操作（{ $usage }）
op-usage-words = 操作

## 导入 CSV 表格（src/export/import.rs）

import-empty = 文件为空；需要以 { $header } 开头的表头行和全国行（level 0）
import-no-national = level：没有全国行：表头之后应是全国行（level 0），其中为各指标总量
import-more = … 此后还有 { $count } 个问题；请先修正这些再导入
import-stray-quote = 单元格中间出现引号（"），而单元格不是以引号开头；请把整个单元格放在引号中，并把其中的每个引号写两次（""）
import-after-quote = 闭合引号之后还有文字（`{ $text }`）；请把整个单元格放在引号中，并把其中的每个引号写两次（""）
import-unterminated = 引号未闭合：此单元格以引号（"）开头但没有闭合；请在单元格末尾加上闭合引号
import-duplicate-column = 列 `{ $name }` 重复（第 { $first } 列也是）；请删除其中一列
import-column-case = 未知列 `{ $name }`；请用小写写作 `{ $want }`
import-unknown-column = 未知列 `{ $name }`：`name` 之后的列应为指标 ID（字母、数字、'-' 和 '_'）、`<指标 ID>_unallocated`、`locked` 和 `note`（{ $why }）；请修正或删除
import-no-quota-columns = 没有指标列：表头在 `name` 之后至少需要一个指标 ID（如 `rock`），该列存放数值
import-give-name = 请为节点命名
import-id-rules = ID 不能为空，不能含 '/'、控制字符，两端不能有空格（路径中也要修正）
import-fixed-case = 第 { $column } 列是 `{ $found }`；请用小写写作 `{ $want }`（表头必须以 { $header } 开头）
import-fixed-place = `{ $want }` 列必须是第 { $column } 列：表头必须以 { $header } 开头（实际为 `{ $found }`）
import-fixed-missing = 缺少 `{ $want }` 列：表头必须以 { $header } 开头（实际为 `{ $found }`）
import-separators = ；单元格似乎以 ';' 或制表符分隔：请另存为以逗号分隔的 CSV
import-national-cell = 全国行（level 0）没有 { $column }；请留空该单元格（实际为 `{ $found }`）
import-second-national = 第二个全国行（level 0）：全国行是第 { $row } 行，且只能有一行；请写出此行的层级（路径中 ID 的个数）或删除此行
import-national-first = 全国行（level 0）必须是表头之后的第一行；请把它移上去
import-add-national = level：表头之后的第一行必须是全国行（level 0），其中为各指标总量；请在此行之上添加
import-no-header = 第 { $column } 列没有表头，但此单元格为 `{ $found }`；请在表头中为该列命名或清空该单元格
import-level-mismatch = 层级 { $level } 与路径 `{ $path }` 不符，该路径有 { $depth } 个 ID；请写 { $depth }
import-path-empty = 路径为空；请从顶层起写出以 '/' 连接的 ID，以此行的 ID（`{ $id }`）结尾
import-path-gap = 路径 `{ $path }` 有空的部分；请用单个 '/' 连接 ID，两端不要有 '/'
import-id-not-last = ID `{ $id }` 不是路径 `{ $path }` 的最后一部分；路径应以此行的 ID 结尾
import-too-deep = 路径有 { $count } 个 ID：节点嵌套超过 { $max } 层；请移到更高层
import-duplicate-id = ID `{ $id }` 重复（第 { $row } 行也用了它）；ID 在整个方案中必须唯一
import-parent-later = 上级 `{ $parent }` 在后面的第 { $row } 行；上级必须在下级之前：请把此行移到它下面
import-no-parent = 没有上级 `{ $parent }` 的行；请在此行之上为它添加一行，或修正路径
import-too-large = `{ $found }` 超过上限 { $max }（10^15）；数量是 0 至 10^15 的整数
import-negative = `{ $found }` 为负数；数量是从 0 起的整数（为 0 时留空）
import-sign = `{ $found }` 带有符号；请写普通数字 { $plain }
import-scientific = `{ $found }` 是科学计数法；请写整数 { $whole }（在电子表格中，保存前请把该列设为不带小数的数字格式）
import-scientific-big = `{ $found }` 是科学计数法；请用普通数字写 0 至 10^15 的整数
import-decimal-point = `{ $found }` 带有小数点；请写整数 { $whole }
import-round-to = （{ $low } 或 { $high }）
import-fraction = `{ $found }` 有小数部分；数量是整数：请取整{ $round }
import-separators-in = `{ $found }` 的数字之间有分隔符；请写普通数字：{ $digits }
import-not-number = `{ $found }` 不是数字；请写整数（如 1200），为 0 时留空
import-level-what = 全国行写 0，其他行写路径中 ID 的个数（顶层节点为 1）
import-level-empty = 层级为空；{ $what }
import-not-level = `{ $found }` 不是层级；{ $what }
import-not-bool = `{ $found }` 不是 true 或 false；写 true 锁定节点，或留空（false）

## 导出（src/export/mod.rs）

export-over-at = { $path } / { $quota }：超分配 { $amount } { $unit }

## 按批次导出（src/export/split.rs）

split-kind-all-batches = { $kind }，全部批次

## 工作簿（续）

xlsx-history-too-long = 修改记录有 { $count } 行；Excel 工作表在表头之下最多容纳 { $max } 行（请不带修改记录导出，或导出为 Markdown）
xlsx-too-long = 表格有 { $count } 行；Excel 工作表在表头之下最多容纳 { $max } 行
xlsx-cannot-build = 无法生成工作簿：{ $error }
xlsx-doc-title = 指标分配
xlsx-doc-comment = { $subject }；由 allot { $version } 于 { $time } 导出
xlsx-doc-subject = 指标分配，{ $facts }

## allot apply（续）

first-batch = 第一批

## 批次（第一批）

what-batch-edit = 编辑批次
what-new-batch = 新建批次

## 新方案的指标种类

kind-rock = 岩矿型开采
kind-ion = 离子型开采
kind-smelting = 冶炼分离

## 合并视图（续）

merge-terminal-failed = 终端出错：{ $error }

## 保存时的修改记录（续）

history-after-undo = 撤销到上次保存之前后又做的修改（未列出单元格）

## 安全保存（src/storage/safe.rs）

file-read-only = 方案文件是只读的

## 文件（续）

file-link-loop = 符号链接层数过多
file-not-path = 不是文件路径

## 语言参数

lang-unknown = { $lang } 不是 allot 支持的语言（zh-CN、en）

## 导出中的修改记录（src/export/history.rs）

history-shared = （此次修改还涉及其他方；其数字不在此文件中）

## 方案文件字段的要求（src/storage/format.rs）

expect-per-batch = ，或每个批次一个：[a, b, ...]
expect-object = 一个对象 {"{"}...{"}"}
expect-amount = 0 至 { $max } 的整数
expect-alloc = 由指标 ID 到数量的对象

## 选项的取值



## 选项的取值

cli-values = （可选值：{ $values }）
cli-default = （默认：{ $value }）

## 用法错误（src/main.rs）

usage-invalid-value = '{ $arg }' 的值 '{ $value }' 无效（可选值：{ $valid }）
usage-unknown-argument = 无法识别的参数 '{ $arg }'
usage-unknown-command = 无法识别的命令 '{ $command }'
usage-missing = 缺少必需的参数：{ $args }
usage-error = 错误：{ $message }
usage-more = 更多信息请使用 '--help'。

## 导入表格的编码

import-read-gb18030 = 按 GB18030 读取（中文版 Windows 的 Excel 保存的 CSV）

## The workbook's Allocation sheet: column headers
xlsx-col-name = 名称
xlsx-col-value = { $name }（{ $unit }）
xlsx-col-unallocated = { $name }：未分配（{ $unit }）
xlsx-col-locked = 锁定
xlsx-col-note = 备注

## Reading a workbook back (allot import TABLE.xlsx)
xlsx-read-not-workbook = 不是 allot 能读取的 xlsx 工作簿（{ $error }）；请用 `allot export --format xlsx` 导出
xlsx-read-no-about = 此工作簿没有 `allot` 工作表，因此不是 allot 写出的（或该表已被删除）：请用 `allot export --format xlsx` 重新导出，或将表格按导出格式另存为 CSV 再导入
xlsx-read-about-bad = `allot` 工作表不是 allot 写出的样子；请重新导出工作簿
xlsx-read-newer = 由更新版本的 allot 写出（工作簿格式 { $version }）；请更新 allot 后再读取
xlsx-read-year = 年份 { $found } 不是整数
xlsx-read-duplicate-column = 表头 { $header } 与第 { $first } 列的表头相同；请改名或删除其一
xlsx-read-ignored-column = 列 { $header } 不是 allot 的列：其单元格未读取
xlsx-read-missing-column = 没有表头为 { $header } 的列：请恢复原表头（allot 按表头识别各列）
xlsx-read-no-national = 表头下的第一行必须是全国行（key 为 1）
xlsx-read-bad-key = { $found } 不是有效的 key：key 是从 1 开始的整数（新增行可留空）
xlsx-read-duplicate-key = key { $key } 与第 { $row } 行的 key 相同：每行的 key 须各不相同，新增行可留空
xlsx-read-no-parent-key = 没有哪一行的 key 是 { $key }：请填写本行所属上级行的 key
xlsx-read-parent-later = key 为 { $key } 的行（第 { $row } 行）在下方：上级行必须在本行之上
xlsx-read-whose-row = allot 无法判断本行属于哪一行：请在 parent_key（第 { $column } 列）填写上级行的 key
xlsx-read-new-id = 新增行 { $name } 的标识设为 { $id }
xlsx-read-formula-result = 公式（{ $formula }）：已读取其保存的结果 { $value }
xlsx-read-formula-no-result = 公式（{ $formula }）没有保存的结果（写出文件的程序不计算公式）：请在 Excel、WPS 或 LibreOffice 中打开并保存，或直接输入数字
xlsx-read-error-cell = 单元格显示错误 { $error }：请输入数字
xlsx-read-not-figure = { $found } 不是数字：请输入整数
xlsx-read-sum-differs = 此列是本行其他列之和：现为 { $found }，而它们合计 { $sum }；请修改那些列，而不是这一列
import-read-workbook-note = 提示：{ $message }

## allot import: more options
cli-opt-year = 方案的年份
cli-opt-levels = 层级名称，自上而下，以逗号分隔（省份,企业）
cli-opt-encoding = CSV 表格的文字编码（auto：UTF-8，否则 GB18030）
cli-opt-bom = CSV 以字节顺序标记开头（写入文件时的默认做法）
cli-opt-no_bom = 不写字节顺序标记，写入文件时也不写（供 Unix 工具使用）
import-not-gb18030 = 表格不是 GB18030 文本；请试试 --encoding utf-8，或另存为 UTF-8 CSV
xlsx-col-share = { $name }：占全国比例
search-indexing = 搜索中……（正在为大型方案的名称建立索引）
search-indexing-again = 正在为大型方案的名称建立索引；请稍后再按一次
busy-for = { $what }{ $seconds } 秒
busy-progress = { $what }{ $percent }% · { $seconds } 秒
busy-percent = { $what }{ $percent }%
