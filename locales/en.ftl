# allot's English catalogue. One message per sentence; placeholders are
# figures already formatted (text) or counts (numbers, for plural forms).
# Keep the ids and placeholders the same in every catalogue (a test checks).

test-nodes = { $count ->
    [one] { $count } node
   *[other] { $count } nodes
}

## Names the core leaves to the interface

national = national

## What an operation did (src/say.rs)

outcome-value = { $node } { $quota }: { $old } → { $new } { $unit }
outcome-value-siblings = { $node } { $quota }: { $old } → { $new } { $unit }, rebalancing siblings
outcome-value-subtree = { $node } { $quota }: { $old } → { $new } { $unit }, scaling its subtree
outcome-unchanged = unchanged
outcome-filled = filled { $amount } { $unit } of { $quota } among the children of { $node }{ $newcomers ->
        [yes] {" "}with none of it yet
       *[no] {""}
    }{ $by ->
        [previous] , in proportion to the previous batch
        [cumulative] , in proportion to the earlier batches
        [equal] , in equal shares
        [reference] , in proportion to the reference's figures
       *[current] {""}
    }
outcome-filled-down = filled { $quota } under { $node } down to the leaves ({ $amount } { $unit } at the top)
outcome-filled-all = filled the remainders of { $node } ({ $quotas })
outcome-locked = locked { $node }
outcome-unlocked = unlocked { $node }
outcome-renamed = renamed { $from } to { $to }
outcome-id-set = id of { $node } set to { $id }
outcome-note-edited = note of { $node } edited
outcome-added = added { $node } under { $parent }
outcome-deleted = deleted { $node }
outcome-moved = moved { $node } under { $parent }
outcome-quota-added = added quota { $name }
outcome-quota-relabelled = quota { $from } is now { $name } ({ $id })
outcome-quota-deleted = deleted quota { $name }
outcome-title-edited = title edited
outcome-year-edited = year edited
outcome-unit-edited = unit edited
outcome-levels-edited = level names edited
outcome-batch-added = batch { $name } added
outcome-batch-edited = batch { $name } edited
outcome-batch-deleted = batch { $name } deleted with its figures
outcome-batch-moved = batch { $name } moved to place { $place }
outcome-pasted = pasted { $shown } { $count ->
        [one] value
       *[other] values
    }
outcome-pasted-quota = pasted { $shown } { $count ->
        [one] value
       *[other] values
    } of { $quota }
outcome-undone = undone: { $what }
outcome-redone = redone: { $what }

## Why an operation was refused

refusal-nothing-to-undo = nothing to undo
refusal-nothing-to-redo = nothing to redo
refusal-no-such-cell = no such cell
refusal-node-gone = that node is no longer in the plan
refusal-no-such-quota = no such quota
refusal-locked = { $node } is locked; unlock it first
refusal-below-allocated = { $node } has already allocated { $allocated } { $unit } of { $quota } to its children; set at least that (or scale the subtree)
refusal-parent-over = { $parent } is already over-allocated by { $amount } { $unit } of { $quota }
refusal-parent-only = { $parent } has only { $amount } { $unit } of { $quota } unallocated
refusal-short-node-needs = { $have }; { $node } needs { $need }
refusal-short-by = { $have }: { $short } short of the { $need } needed
refusal-short-needs-more = { $have }; this needs { $need } more
refusal-root-rebalance = the national total has no siblings to rebalance with; use set or scale
refusal-no-weights = none of the nodes under { $node } that would share it has a figure in the reference: spread by their own figures instead
refusal-no-unlocked-siblings = { $node } has no unlocked siblings to rebalance with
refusal-siblings-short = the unlocked siblings of { $node } can give at most { $can } { $unit } ({ $need } needed)
refusal-above-maximum = { $node } would go above the maximum of { $max }
refusal-amount-too-large = { $value } is above the maximum of { $max }
refusal-locked-floor = locked nodes under { $node } hold { $floor } { $unit }; it cannot be scaled below that
refusal-locked-hold-more = locked nodes under { $node } hold more than it would keep
refusal-too-far = this would change the figures under { $node } by { $by } { $unit } in one step, more than allot can share out; set the children first
refusal-nothing-to-fill = { $node } has nothing of { $quota } unallocated to fill
refusal-no-unlocked-children = { $node } has no unlocked children to fill
refusal-root-lock = the national totals cannot be locked
refusal-root-rename = the national row cannot be renamed; set the plan title instead
refusal-root-id = the national row has no id
refusal-root-delete = the national row cannot be deleted
refusal-root-move = the national row cannot be moved
refusal-id-taken = id { $id } is already used by { $by }
refusal-quota-id-taken = quota id { $id } is already used
refusal-too-deep = a plan can be at most { $max } levels deep
refusal-under-itself = { $node } cannot be moved under itself
refusal-part-of-derived = { $kind } is a part of { $derived }; delete { $derived } first, or change what it is the sum of
refusal-no-such-batch = there is no such batch
refusal-last-batch = a plan keeps at least one batch; delete the plan's batches by exporting one batch instead
refusal-first-batch-unnamed = the plan's figures become the first batch: name it first
refusal-last-quota = a plan needs at least one quota kind
refusal-empty-level-name = level names must not be empty
refusal-nothing-to-paste = nothing to paste

## Why a typed value was not taken

value-forms = type 69250, 69,250, +500, -500, 12.5%, *1.1 or max
value-empty = nothing typed ({ $forms })
value-not-a-number = not a number: "{ $input }" ({ $forms })
value-bad-grouping = digits wrongly grouped in "{ $input }": separators must split the number into groups of three (type 69,250 or 69 250, or 69250 without separators)
value-not-whole = not a whole number: "{ $input }" (quotas are whole tonnes; for a percentage of the parent type { $input }%)
value-too-many-decimals = too many decimal places in "{ $input }" (use at most { $max }, e.g. 12.5%)
value-would-be-negative = "{ $input }" would be negative: the current value is { $current } (type at most -{ $current }, or 0)
value-no-parent = "{ $input }" needs a parent value, but the national total has none (type the amount itself, e.g. 69250, or +500, -500, *1.1)
value-divide-by-zero = cannot divide by zero (type e.g. /2 to halve the value)
value-too-large = too large: "{ $input }" would exceed the maximum of { $max }

## Why a merge decision was refused

merge-no-such-item = no such difference
merge-not-a-figure = only a figure can be typed; take one side for this
merge-parent-left-out = { $node } would have no parent: { $parent } is left out of the merged plan; take it first
merge-cycle = the moves taken would put { $node } under itself; take the same side for both moves
merge-not-stored = { $path } / { $quota }: the merged plan gives { $got }, not { $wanted }: in it this figure is a sum (of kinds or of batches); decide its parts
merge-over = { $path } / { $quota } would be over-allocated by { $by }
merge-and-more = and { $count } more
merge-inconsistent = the plan would be inconsistent: { $parts }
merge-invalid = the merged plan would not be a valid plan: { $errors }

## The command table (src/tui/command.rs): help lines, hints, groups

cmd-up = move up
cmd-down = move down
cmd-left = column to the left
cmd-right = column to the right
cmd-next-column = next quota column
cmd-prev-column = previous quota column
cmd-page-up = page up
cmd-page-down = page down
cmd-top = first row
cmd-bottom = last row
cmd-toggle = expand / collapse
hint-toggle = fold
cmd-expand-all = expand all
cmd-toggle-details = show / hide the details panel
cmd-collapse-all = collapse all
cmd-toggle-shares = shares of the parent beside the figures
cmd-batches = next batch, all batches, the year
hint-batches = batch
cmd-reference = compare with another plan (load, weights, drop)
hint-reference = ref
cmd-reference-columns = reference columns: figures, change, hidden
cmd-changes = changes since the last save (enter jumps)
cmd-sort = sort siblings (a view: the plan keeps its order)
hint-sort = sort
cmd-filter = show only problems, locked or matching rows
hint-filter = filter
cmd-next-problem = next problem (over-allocated, then unallocated)
hint-next-problem = problem
cmd-prev-problem = previous problem
cmd-search = search by name or id
hint-search = search
cmd-next-match = next match
cmd-prev-match = previous match
cmd-edit = set the value (or type a digit, + - *)
hint-edit = edit
cmd-edit-rebalance = set, rebalancing siblings
hint-edit-rebalance = rebalance
cmd-edit-scale = set, scaling the subtree
hint-edit-scale = scale
cmd-fill = fill the remainder among children
hint-fill = fill
cmd-lock = lock / unlock
hint-lock = lock
cmd-yank = copy the selected figure
cmd-paste = set the selected cell to the copied figure
cmd-explain = how the last change shared its amount
hint-explain = why
cmd-reason = attach a reason to the last change
cmd-history = the plan's history (enter: the change's cells)
cmd-undo = undo
hint-undo = undo
cmd-redo = redo
cmd-add-child = add a child
hint-add-child = add
cmd-add-sibling = add a sibling
cmd-rename = rename
cmd-note = edit the note (comment)
cmd-delete = delete (asks first)
cmd-move = move under another parent
cmd-quotas = quota kinds: add, rename, delete
cmd-batch-menu = batches: add, edit, move, delete
cmd-plan-info = plan title, year, unit and level names
cmd-save = save
hint-save = save
cmd-save-as = save as another file
cmd-export = export allocation files (csv, xlsx, md, json)
hint-export = export
cmd-messages = the messages of this session
cmd-help = this help
hint-help = help
cmd-quit = quit
hint-quit = quit
group-move = Move
group-tree = Tree
group-edit-values = Edit values
group-edit-the-plan = Edit the plan
group-file = File

## The help overlay (src/tui/help.rs)

help-typing = Typing values
help-typing-amount = that many tonnes
help-typing-plus = add to / take from the current value
help-typing-percent = of the parent's value (half to even)
help-typing-times = times / divided (half to even)
help-typing-max = current value plus all the parent has left
help-typing-paste-key = paste a column
help-typing-paste = figures for the rows from here down
help-typing-tabs-key = (tabs between)
help-typing-tabs = and for the quota columns to the right
help-text = Text inputs
help-text-type = replaces a prefilled value; → or End keep it
help-text-clear = clear to the start / to the end
help-text-word = delete a word
help-text-ends = start, end (also Home, End)
help-text-words = a word left, right (also ctrl-← →)
help-text-tab = complete a file or folder name (~/ is home)
help-text-esc = cancel: nothing changes
help-rounding-1 = Redistribution shares whole tonnes by the largest-remainder method;
help-rounding-2 = ties go to the larger weight, then the earlier position.
help-no-config-dir = (no config directory)
help-config = Keys and colours: { $path }
help-unbound = (unbound)
help-text-type-key = type

## The main screen (src/tui/ui.rs)

ui-too-small = terminal too small: { $width }x{ $height }, allot needs at least { $min_width }x{ $min_height }
ui-untitled = untitled plan
ui-sample = built-in sample
ui-new-file = { $name } (new)
ui-read-only = READ-ONLY: { $why }
ui-unsaved = unsaved
ui-editing-batch = editing { $batch }
ui-all-batches = all batches
ui-the-year = the year, all batches
ui-over-allocated = over-allocated ({ $count })
ui-unallocated-count = { $count } unallocated
ui-balanced = balanced
ui-name = Name
ui-ref = ref
ui-change = change
ui-national-total = National total
ui-only-in-reference = { $name } (only in reference)
ui-reserve = reserve (unallocated)
ui-unallocated = unallocated
ui-new = new
ui-sort-name = name
ui-sort-share = share { $quota }
ui-sort-unallocated = unallocated { $quota }
ui-sorted-by = by { $by } { $arrow }
ui-filter-unallocated = unallocated
ui-filter-over = over-allocated
ui-filter-problems = unallocated or over
ui-filter-locked = locked
ui-only = only { $what } ({ $count })
ui-versus = vs { $name }
ui-versus-weights = vs { $name } (weights)
ui-details = Details ({ $key } hides)
ui-locked = locked
ui-all-n-batches = all { $count } batches
ui-value = value
ui-share = share
ui-note = note
ui-children-shares-shown = { $count ->
        [one] { $count } child: its share is in the table
       *[other] { $count } children: their shares are in the table
    }
ui-children-shares-key = { $count ->
        [one] { $count } child: { $key } shows its share in the table
       *[other] { $count } children: { $key } shows their shares in the table
    }
ui-children-of = children, { $quota }:
ui-more = … { $count } more
ui-not-saved-yet = not saved yet
ui-last-changes = last changes ({ $key } shows all):
ui-more-lines = … { $count } more { $count ->
        [one] line
       *[other] lines
    }: { $key } shows every message

## Questions (src/tui/dialogs/confirm.rs, recover.rs)

confirm-delete = Delete { $node }{ $below ->
        [0] {""}
        [one] {" "}and the node under it
       *[other] {" "}and the { $below } nodes under it
    }?
confirm-delete-quota = Delete the quota kind { $name } and all its figures?
confirm-delete-batch = Delete the batch { $name } and all its figures?
confirm-quit-unsaved = There are unsaved changes.
confirm-overwrite = { $file } exists. Replace it with this plan?
confirm-export-over = The plan is over-allocated. Export anyway?
confirm-changed-on-disk = The file changed on disk since allot read it (someone else saved it).
confirm-export-overwrite-split = { $count ->
        [one] A file with one of these names is already in { $folder }. Replace it?
       *[other] { $count } files with these names are already in { $folder }. Replace them?
    }
confirm-export-overwrite = { $file } exists. Replace it?
confirm-big-national = a change of the national total larger than the whole plan
confirm-big-times = { $times } times the old figure
confirm-big-value = { $node } / { $quota }: { $old } → { $new }, { $why }. Is that right?
confirm-yes-no = [y]es · [n]o
confirm-short-delete = delete? { $yes_no }
confirm-short-delete-quota = delete the quota kind? { $yes_no }
confirm-short-delete-batch = delete the batch? { $yes_no }
confirm-short-quit = unsaved changes: [s]ave · [d]iscard · [c]ancel
confirm-short-replace = replace? { $yes_no }
confirm-short-export-over = export anyway? { $yes_no }
confirm-short-changed = changed on disk: [r]eload · [o]verwrite · [s]ave elsewhere · [c]ancel
confirm-short-big = apply it? { $yes_no } (back to the edit)
answer-save-quit = save, then quit
answer-save = save
answer-discard-quit = discard the changes and quit
answer-discard = discard
answer-cancel-back = cancel: back to the plan
answer-cancel = cancel
answer-reload = reload it (drop your changes)
answer-reload-short = reload
answer-overwrite = overwrite it with yours
answer-overwrite-short = overwrite
answer-save-elsewhere = save yours elsewhere
answer-save-elsewhere-short = save elsewhere
answer-yes-apply = yes, apply it
answer-no-back = no, back to the edit
answer-yes = yes
answer-no = no
recover-question = unsaved work from { $age } was found: [r]estore it, or [d]iscard it?
recover-file-changed = The file was saved after this work began (by another allot or another tool). Restoring keeps the file; saving then asks before replacing it (or save the work elsewhere).
recover-against-now = Your unsaved work against the file now:
recover-changes = What the unsaved work changes:
recover-title = unsaved work found
recover-restore = restore the unsaved work
recover-discard = discard it
age-seconds = less than a minute ago
age-minutes = { $count ->
        [one] { $count } minute ago
       *[other] { $count } minutes ago
    }
age-hours = { $count ->
        [one] { $count } hour ago
       *[other] { $count } hours ago
    }
age-days = { $count ->
        [one] { $count } day ago
       *[other] { $count } days ago
    }

## What is wrong with input (core::validate::Issue)

issue-known-none = none: the plan has no "batches"
issue-id-empty = id is empty
issue-id-slash = id { $id } contains '/' (ids are joined by '/' into paths)
issue-id-control = id { $id } contains a control character
issue-id-spaces = id { $id } has spaces at the start or end
issue-quota-id-empty = quota id is empty
issue-batch-id-empty = batch id is empty
issue-quota-id-char = quota id { $id } contains { $c }; use letters, digits, '-' and '_'
issue-batch-id-char = batch id { $id } contains { $c }; use letters, digits, '-' and '_'
issue-quota-id-reserved = quota id { $id } is reserved for a column of allocation tables; choose another
issue-bad-date = date { $date } is not a date like 2023-03-24 (ISO 8601)
issue-name-empty = { $what ->
        [quota] quota name is empty
        [batch] batch name is empty
       *[node] name is empty
    }
issue-above-max = { $value } is above the maximum of { $max }
issue-no-total = quota { $id } has no total (or sum_of for a derived kind)
issue-too-deep = nodes are nested more than { $max } levels deep
issue-one-figure = one figure where the plan has { $batches } batches: write one per batch, [a, b, ...], in the order of "batches"
issue-list-without-batches = a list of figures needs a "batches" list at the top of the plan (and "version": 2); write one number here
issue-wrong-length = { $figures } { $figures ->
        [one] figure
       *[other] figures
    } where the plan has { $batches } batches: write one per batch, in the order of "batches"
issue-batch-twice = batch { $id } appears twice
issue-unknown-batch = unknown batch { $id } (known: { $known })
issue-duplicate-batch = duplicate batch id { $id } (also batch { $first } of the list)
issue-no-quotas = a plan needs at least one quota kind
issue-duplicate-quota = duplicate quota id { $id } (also quota { $first } of the list)
issue-unit-empty = unit is empty; leave it out for the plan's unit
issue-derived-total = quota { $id } is the sum of other kinds (sum_of): its total is theirs; leave "total" out
issue-no-stored-kind = a plan needs at least one quota kind whose figures are stored (not sum_of)
issue-sum-of-empty = sum_of is empty: name the kinds it is the sum of
issue-sum-of-unknown = sum_of names { $part }, which is not a quota kind (known: { $known })
issue-sum-of-itself = { $id } is the sum of itself: a cycle
issue-sum-of-derived = sum_of names { $part }, which is itself a sum: name the kinds whose figures are stored{ $cycle ->
        [yes] {" "}(the two name each other: a cycle)
       *[no] {""}
    }
issue-sum-of-unit = sum_of names { $part }, counted in { $part_unit }, but { $id } is in { $unit }: only kinds of one unit add up
issue-sum-of-twice = sum_of names { $part } twice
issue-duplicate-id = duplicate id { $id } (first used at { $first })
issue-unknown-quota = unknown quota id { $key } in alloc (known: { $known })
issue-alloc-derived = { $key } is the sum of other kinds: its figures are theirs; leave it out of alloc
issue-alloc-twice = quota { $key } appears twice in alloc

## What differs between two versions (core::diff)

diff-no-title = (none)
diff-title = title: { $old } → { $new }
diff-facts = year, unit or level names changed
diff-quota-removed = quota kind { $quota } removed
diff-quota-added = quota kind { $quota } added (total { $total })
diff-total = national { $quota } total: { $old } → { $new }
diff-removed = { $node } removed
diff-added = { $node } added
diff-renamed = { $old } renamed to { $new }
diff-moved = { $node } moved
diff-figure = { $node } { $quota }: { $old } → { $new }
diff-note = { $node }: note changed
diff-more = … and { $count } more changes

## allot check (src/report/check.rs)

check-over = { $names } / { $quota }: over-allocated by { $amount } { $unit } (children hold { $held } of { $value })
check-unallocated = { $names } / { $quota }: { $amount } { $unit } unallocated
check-cannot-read = cannot read the file: { $error }
check-error = error: { $message }
check-warning = warning: { $message }
check-not-utf8 = the file is not UTF-8 text; save it as UTF-8
check-not-valid = not a valid plan
check-summary = { $state ->
        [over] over-allocated
        [balanced] consistent and balanced
       *[open] consistent, not balanced
    } ({ $nodes } { $nodes ->
        [one] node
       *[other] nodes
    }, { $kinds } { $kinds ->
        [one] quota kind
       *[other] quota kinds
    }{ $batches ->
        [0] {""}
        [one] , { $batches } batch
       *[other] , { $batches } batches
    }){ $failed ->
        [yes] : check failed
       *[no] {""}
    }

## Reading a plan file (src/storage/format.rs)

load-format-other = not an allot plan: "format" is { $found }, expected "{ $expected }"
load-format-missing = not an allot plan: no "format": "{ $expected }" field at the top
load-version-newer = this plan is format version { $version }, written by a newer allot; this allot reads versions 1 to { $newest }: update allot to open it
load-version-unsupported = unsupported format version { $version }; this allot reads versions 1 to { $newest }
load-too-deep = the file is nested too deeply (a plan can be at most { $max } levels deep)
load-more = … and { $count } more problems from here on; fix these and check again
load-version-two-field = "{ $field }" is a field of format version 2; write "version": 2 at the top
load-empty = the file is empty; a plan file is one JSON object {"{"}"format": "{ $format }", ...{"}"}
load-not-object = not an allot plan: a plan file is one JSON object {"{"}"format": "{ $format }", ...{"}"}
load-unknown-field = unknown field `{ $field }`{ $listed ->
        [no] , there are no fields
       *[yes] , expected one of { $expected }
    } (a typo? unknown fields are not allowed)
load-missing-field = missing field `{ $field }`
load-syntax = { $what ->
       *[other] { $detail }
    }
load-value = { $detail }

## Cancelled (src/tui/app/mod.rs)

cancelled = { $what } cancelled; nothing changed
what-move = move
what-fill = fill
what-batches = batches
what-sort = sort
what-filter = filter
what-edit = edit
what-search = search
what-quota-kinds = quota kinds
what-reference = reference
what-export = export
what-new-quota-kind = new quota kind
what-plan-info = plan info
what-delete = delete
what-delete-quota-kind = delete quota kind
what-delete-batch = delete batch
what-quit = quit
what-save = save
what-add = add
what-rename = rename
what-note = note
what-save-as = save as
what-quota-rename = quota rename
what-reason = reason
what-scale = scale
what-rebalance = rebalance
what-batch = batch

## Hints of inputs (src/tui/dialogs/mod.rs)

hint-cancel = cancel
hint-type-key = type
hint-replaces = replaces
hint-edit-it = edit it
hint-clear = clear
hint-word = word
hint-ok = ok
hint-apply = apply
hint-close = close
hint-back = back
hint-scroll = scroll
hint-move = move
hint-choose = choose
hint-complete = complete
hint-home-folder = home folder

## Labels of the dialogs' keys (src/tui/dialogs)

label-add = add
label-all-rows = all rows
label-apply = apply
label-back = back
label-cancel = cancel
label-choose = choose
label-clear = clear
label-close = close
label-columns = columns
label-complete = complete
label-delete = delete
label-drop = drop
label-edit = edit
label-edit-it = edit it
label-fill = fill
label-filter = filter
label-format = format
label-go-to-it = go to it
label-go-to-the-node = go to the node
label-home-folder = home folder
label-how-it-shares = how it shares
label-how-it-was-shared = how it was shared
label-keep = keep
label-load = load
label-move = move
label-move-here = move here
label-next = next
label-ok = ok
label-plan-order = plan order
label-rename = rename
label-replaces = replaces
label-scroll = scroll
label-show = show
label-sort = sort
label-top-end = top, end
label-undo-the-change = undo the change
label-weights = weights

## Prompts (src/tui/dialogs/prompt.rs)

prompt-nothing-in = nothing in { $dir }/ (names starting with . show once you type the .)
prompt-no-match = no file or folder in { $dir }/ starts with { $start }
prompt-matches = { $count }{ $more } matches: { $names }
prompt-add-child = name of the new node under { $node }:
prompt-add-sibling = name of the new node after { $node }:
prompt-rename = rename { $node }:
prompt-note = note of { $node }:
prompt-save-as = save as (file path):
prompt-quota-rename = rename quota { $quota }:
prompt-filter = show only names or ids containing:
prompt-reference = reference plan to compare with (file path):
prompt-reason = reason for the last change (kept in the history):
prompt-required-reason = reason for this change (required; Esc undoes it):
prompt-export-split = export { $format } files, one per top-level node, into folder:
prompt-export = export { $format } to:
prompt-type-name = type a name (Esc cancels)
prompt-added-type-value = { $done }; type its { $quota } value, or tab to another quota
prompt-type-file = type a file path (Esc cancels)
prompt-type-path = type a path (Esc cancels)
prompt-reason-required = a reason is required (setting editing.require_reason): type one, or Esc to undo the change

## Editing a figure (src/tui/dialogs/edit.rs)

edit-set = set
edit-rebalance = set, rebalancing siblings
edit-scale = scale subtree to
edit-colon = {": "}

## The export menu (src/tui/dialogs/export.rs)

export-csv = CSV (Excel, WPS, scripts)
export-xlsx = XLSX workbook with live remainders
export-md = Markdown report
export-json = JSON plan
export-split-on = split is ON: one file per top-level node
export-split-off = split is off: one file for the whole plan
export-history-in = history is IN: its changes as a sheet (XLSX) or a section (Markdown)
export-history-out = history is out: the figures only
export-batch-one = batch: only { $batch } (what its notice lists)
export-batch-all = batch: the whole year, every batch and the sums
export-bar = export: [c]sv [x]lsx [m]arkdown [j]son · [s]plit { $split ->
        [on] ON
       *[off] off
    } · [h]istory { $history ->
        [in] IN
       *[out] out
    }{ $batch }
export-bar-batch-all = {" · "}[b]atch: all
export-bar-batch = {" · "}[b]atch: { $batch }
export-question = Export allocation files as:
export-hint-split-on = split: ON
export-hint-split-off = split: off
export-hint-history-in = history: in
export-hint-history-out = history: out

## The fill menu (src/tui/dialogs/fill.rs)

fill-bar = fill by: [enter] as allot chooses · [c]umulative [p]revious [v]alues [e]qual · [d]own { $down ->
        [on] ON
       *[off] off
    }
fill-question = Share what { $node } has left of { $quota } among its children, in proportion to:
fill-auto = as allot chooses: the earlier batches for those given none yet (enter)
fill-cumulative = their figures of all the earlier batches
fill-previous = their figures of the previous batch
fill-current = their figures in this batch
fill-equal = equal shares
fill-down-on = down to the leaves: ON (each child then shares out its part)
fill-down-off = down to the leaves: off (this level only)
fill-hint-down-on = down: ON
fill-hint-down-off = down: off

## The filter menu (src/tui/dialogs/filter.rs)

filter-bar = show only: [u]nallocated [o]ver-allocated [p]roblems [l]ocked [t]ext · [a]ll rows
filter-question = Show only these rows (with the parents above them; the plan is not changed):
filter-unallocated = parents with something unallocated
filter-over = parents over-allocated
filter-problems = both: every problem
filter-locked = locked nodes
filter-text = names or ids containing a text…
filter-all = all rows

## The sort menu (src/tui/dialogs/sort.rs)

sort-bar = sort by: [v]alue [%]share [u]nallocated [n]ame · [t] the plan's order
sort-question = Sort each parent's rows by { $quota } (the same key again turns the order round). Only the view changes: the plan keeps its order.
sort-value = figure, largest first
sort-share = share of the parent, largest first
sort-unallocated = unallocated, largest first
sort-name = name, A to Z
sort-plan = the plan's own order

## Search (src/tui/dialogs/search.rs)

search-afterwards = next/previous afterwards

## Moving a node (src/tui/dialogs/pick.rs)

pick-label = move { $node } under (search):
pick-no-match = (no match)
pick-national = national (top level)
pick-none = no matching parent; type part of a name or id
pick-title = new parent

## Quota kinds (src/tui/dialogs/quotas.rs)

quotas-title = quota kinds

## Batches (src/tui/dialogs/batch.rs)

batches-title = batches
batch-type-name = type a name for the batch (Second batch, 第二批)
batch-id = new batch id (letters, digits, - _):
batch-name = name of batch { $id }:
batch-date = the notice's date, 2023-09-25 (empty for none):
batch-notice = the notice's number (empty for none):
batch-total = national total of { $quota } in { $batch } (50% = half the last batch's):

## Plan info and new quota kinds (src/tui/dialogs/wizard.rs)

wizard-rest-cancelled = plan info: the rest cancelled; the steps before are kept
wizard-title = plan title:
wizard-year = year (empty for none):
wizard-unit = unit:
wizard-levels = level names, top first, comma-separated:
wizard-quota-id = new quota id (letters, digits, - _):
wizard-quota-name = name of quota { $id }:
wizard-quota-total = national total of { $quota }:
wizard-bad-year = a year is a whole number, such as 2024 (empty for none)
wizard-type-quota-name = type a name for the quota kind

## Messages (src/tui/dialogs/messages.rs)

messages-none = (no messages yet)

## The reference menu (src/tui/dialogs/reference.rs)

reference-bar = reference: [c]olumns · [w]eights for fill, rebalance, scale · [l]oad another · [d]rop
reference-title = Comparing with { $name } (read-only):
reference-columns-figures = columns: its figures (next: with the change)
reference-columns-change = columns: its figures and the change (next: hidden)
reference-columns-hidden = columns: hidden (next: its figures)
reference-weights-on = fill, rebalance and scale share by its figures: ON
reference-weights-off = fill, rebalance and scale share by its figures: off (by the plan's own)
reference-load = load another reference plan
reference-drop = drop the reference

## The history view (src/tui/dialogs/history.rs)

history-no-figure = that entry changed no figure
history-nothing-shared = that change shared nothing out: nothing to explain
history-none = no history yet: changes are recorded when the plan is saved
history-unsaved = (not saved yet)

## The history view, continued

history-reason = reason: { $reason }
history-more = and { $count } more
history-title = History: { $count } { $count ->
        [one] change
       *[other] changes
    } (enter: go to it, w: how it was shared, esc)

## The explainer (src/tui/dialogs/explain.rs)

explain-rule = { $total } shared: each gets the whole part of amount × weight ÷ Σ weights; { $left ->
        [0] nothing is left over
        [one] the 1 unit left over goes to the largest fraction
       *[other] the { $left } units left over go one each to the largest fractions
    } (a tie: the larger weight, then the earlier)
explain-recipient = recipient
explain-weight = weight
explain-exact = exact share
explain-decimal = decimal
explain-whole = whole
explain-why = why
why-whole-part = whole part
why-largest-fraction = largest fraction
why-tie-larger-weight = tie: larger weight
why-tie-earlier = tie: earlier
why-capped = capped
explain-title = How it { $ahead ->
        [yes] would share
       *[no] was shared
    } (↑↓ scroll, any other key { $back ->
        [yes] goes back
       *[no] closes
    })

## The preview (src/tui/dialogs/preview.rs)

preview-heading = if applied: { $what }
preview-nothing-shared = it shares nothing out: nothing to explain
preview-bar = apply? { $count } { $count ->
        [one] figure changes
       *[other] figures change
    } (enter or y applies, esc or n cancels)
preview-sums = { $old } → { $new } in the figures below; nothing is changed until you apply
preview-node = node
preview-quota = quota
preview-old = old
preview-new = new

## The preview, continued

preview-title-more = Preview ({ $count } more below: ↓)
preview-title = Preview

## The main screen's commands (src/tui/app/commands.rs)

app-read-only = read-only: { $why }; save a copy with { $key } to edit it
app-nothing-to-explain = the last change shared nothing out: nothing to explain
app-no-change-for-reason = no change yet to give a reason for
app-details-shown = details shown
app-details-hidden = details hidden
app-shares-shown = shares of the parent shown beside the figures
app-shares-hidden = shares hidden
app-root-no-siblings = the national row has no siblings; use add child
app-root-no-note = the national row has no note; select a node
app-no-batches = this plan has no batches: { $key } adds one (its figures become the first)
app-sum-of-kinds = { $kind } is the sum of { $parts }: change those
app-and = {" and "}
app-sum-of-batches = this column is the sum of the batches: change a batch's figure ({ $key } shows one batch)
app-select-column-edit = select a quota column (→ or tab) to edit a value
app-rest-line = this line shows what is unallocated; select a node to edit
app-locked = refused: { $node } is locked; unlock it first ({ $key })
app-root-no-rebalance = the national total has no siblings; use plain edit or scale
app-view = shown { $view }: a view, the plan is unchanged ({ $sort } t: plan order, { $filter } a: all rows)
app-view-all = every row, in the plan's order
app-no-problems = no problems: nothing over-allocated or unallocated
app-problem = { $node }: { $quota } { $over ->
        [yes] over-allocated by { $amount } { $unit } ({ $place } of { $count } over-allocated)
       *[no] unallocated { $amount } { $unit } ({ $place } of { $count } unallocated)
    }
app-select-column-copy = select a quota column (→ or tab) to copy a figure
app-copy-over = an over-allocation cannot be copied as a figure
app-reference-no-figure = the reference has no figure of that quota
app-copied = copied { $value }; { $key } sets a cell to it
app-nothing-copied = nothing copied yet: { $key } copies the selected figure
app-select-column-paste = select a quota column (→ or tab) to paste figures into
app-paste-first-node = select the first node to paste into (not an unallocated line)
app-paste-too-many = refused: { $lines } lines pasted, but only { $rows } { $rows ->
        [one] row
       *[other] rows
    } under { $under } from here down
app-paste-too-wide = refused: line { $line } has { $figures } figures, but only { $columns } quota columns from here right
app-paste-sum = refused: pasted line { $line }, figure { $figure }: that column is a sum, not typed
app-paste-refused = refused: pasted line { $line }, figure { $figure }: { $why }
app-no-search = no search yet: press / to search

## The app (src/tui/app/mod.rs)

busy-exporting = exporting…
busy-saving = saving…
app-quit-when-done = { $what }: allot ends when it is done
app-plan-no-batches = the plan has no batches
app-showing-batch = showing { $batch }: typing goes into it
app-showing-all-batches = showing every batch and the year (Σ); the sums are not typed
app-showing-year = showing the year: every batch added up (not typed)

## Files (src/tui/app/safety.rs)

lock-held-pid = open in another allot (process { $pid })
lock-held = open in another allot
lock-held-new = the new file is open in another allot
lock-unavailable = could not lock the plan against a second editor ({ $error }); take care not to open it twice
recover-unreadable = found a recovery copy that cannot be read; it was left in place
recover-read-failed = the recovery copy could not be read
recover-restored-newer = restored work from { $age } (the file is newer: saving asks)
recover-restored = restored the unsaved work from { $age }; save it with { $key }
save-big = saving { $count } nodes to { $file } …
saved = saved { $file }
saved-no-history = saved { $file }, but its history could not be written: { $error }
save-failed = could not save { $file }: { $error }; your changes are still here, unsaved, and the file on disk is as it was
export-big = exporting { $count } nodes to { $file } …
export-is-the-plan = that is the plan itself: save it with { $key }, or choose another name
export-refused = cannot export to { $file }: { $why }
save-as-refused = cannot save to { $file }: it { $error }; type another path (Esc cancels)
exported-files = exported { $count } { $count ->
        [one] file
       *[other] files
    } to { $folder }
exported = exported to { $file }
export-failed = could not export to { $file }: { $error }
recover-write-failed = could not write the recovery copy: { $error }
reloaded = reloaded { $file } from disk; your changes were discarded
reload-failed = { $file } cannot be read as a plan now; nothing was changed here (allot check tells why)

## The reference, reasons and changes (src/tui/app/reference.rs)

reference-none = no reference plan: load one with { $key }
reference-shown-figures = reference figures shown
reference-shown-change = reference figures and the change shown
reference-shown-hidden = reference columns hidden
reference-spread-on = fill, rebalance and scale now share by the figures of { $name }
reference-spread-off = fill, rebalance and scale share by the plan's own figures again
reason-cleared = the last change has no reason now
reason-kept = reason kept with the last change: { $reason }
changes-never-saved = the plan has not been saved to a file yet: everything in it is new
changes-none = no changes since the last save
read-cannot = cannot read: { $error }
read-not-utf8 = not UTF-8 text
read-nothing-loaded = { $file }: { $why }; nothing was loaded

## The help overlay, continued

help-more = ↓ more: lines { $from }-{ $to } of { $total }
help-end = end: lines { $from }-{ $total } of { $total }
help-title = Help: keys (esc closes)

## Changes since the last save (src/tui/dialogs/changes.rs)

changes-added = added
changes-deleted = deleted: { $path }
changes-moved = moved from { $path }
changes-renamed = renamed from { $name }
changes-quota-added = quota kind { $quota } added
changes-batch-deleted = batch { $batch } deleted
changes-title = Changes since the last save: { $count } (enter jumps, esc closes)

## Batches, continued

batches-add-first = + add a batch (the plan's figures become the first)
batches-add = + add a batch
batch-id-taken = { $id } is already a batch's or quota kind's id

## Quota kinds, continued

quotas-add = + add a quota kind

## Search, continued

search-no-match = no match for { $query }

## The main screen's commands, continued

app-no-children = { $node } has no children

## Messages, continued

messages-title = Messages (esc closes)

## Opening a plan (src/tui/mod.rs)

loading = loading { $file } …
open-fix = fix the file (allot check { $file } lists every problem) and open it again

## Refused

refused = refused: { $why }

## History beside the plan

history-unreadable = the history cannot be read: { $error }

## Reference and reasons, continued

reference-dropped = no longer comparing with { $name }
reason-missing-undone = no reason given, so the change is undone ({ $what })

## Locking, continued

lock-unsafe = { $why }: opened read-only; remove that file, or save a copy with { $key }

## Effects (src/tui/effects.rs)

history-unreadable-export = the history cannot be read: { $error }; nothing was written
export-stdout = standard output is the screen here; type a file path

## Changes, continued

changes-saved = saved
changes-now = now

## allot log (src/report/log.rs)

log-bad-date = give a date as YYYY-MM-DD
log-none = no history entries

## allot apply (src/report/apply.rs)

apply-operation = operation { $number } ({ $op }): { $why }
apply-locked = the plan is open in another allot{ $known ->
        [yes] {" "}(process { $pid })
       *[no] {""}
    }; close it there, or write the result elsewhere with -o
apply-refused = operation { $number } ({ $op }): { $why }; nothing was written
apply-changed-on-disk = the plan was changed on disk since allot read it; nothing was written: run again
apply-cannot-save = cannot save: { $error }
apply-output-exists = the output file exists; replace it with --force
apply-output-is-plan = that is the plan itself: leave -o out to save it in place
apply-cannot-write = cannot write: { $error }
apply-no-history = saved, but its history could not be written: { $error }
apply-done = { $ops } { $ops ->
        [one] operation
       *[other] operations
    }, { $figures } { $figures ->
        [one] figure
       *[other] figures
    } changed
apply-dry-run = dry run: { $what }; nothing written
apply-saved = saved { $file } ({ $what })

## allot diff (src/report/diff.rs)

diff-same = the plans are the same in every figure and in structure
diff-only-in = only in { $plan }
diff-moved-heading = moved
diff-renamed-heading = renamed
diff-kinds-only-in = quota kinds only in { $plan }
diff-batches-only-in = batches only in { $plan }
diff-no-batch = neither plan has a batch { $batch }

## allot summary (src/report/summary.rs)

summary-no-batches = no batch { $batch }: the plan has no batches
summary-no-batch = no batch { $batch } (batches: { $known }, or all)
summary-compared = { $file } compared with its reference
summary-not-in-reference = not in the reference

## allot summary, continued

summary-quota = quota
summary-name = name
summary-total = total
summary-allocated = allocated
summary-reference = reference

## allot diff, continued

list-title = { $title }:

## The command line (src/main.rs)

cli-about = Share out national quota totals exactly: a planner's tool for allocation trees (national -> province -> enterprise)
cli-check = Validate a plan: exit 0 when it loads and is consistent, 1 when it is broken or over-allocated (or, with --strict, not balanced), 2 when it cannot be read
cli-summary = Print national totals per quota and each node's values and shares
cli-export = Write allocation files: CSV, XLSX, Markdown or JSON, whole or one file per top-level node. Refuses an over-allocated plan unless --force
cli-apply = Run the planner's operations on a plan without a terminal, in order, as one change: if any is refused nothing is written (exit 1)
cli-diff = Compare two plans: nodes matched by id wherever they sit, quota kinds and batches by id
cli-log = The plan's history (PLAN.history.jsonl): who changed what, when and why, newest last
cli-merge = Reconcile plans A and B into a new plan OUT, deciding each difference
cli-import = Build a plan from a CSV table in the export layout, or from a workbook allot exported
cli-generate = Write a generated, consistent plan of any size, for benchmarks and load tests
cli-arg-file = Plan file to open (without one, the built-in sample plan)
cli-arg-compare = A plan to compare with, shown beside every figure (read-only)
cli-arg-lang = The language of the interface and messages: zh-CN or en
cli-help = Print help
cli-version = Print version
cli-heading-options = Options
cli-heading-commands = Commands
cli-usage = Usage:{" "}
cli-heading-arguments = Arguments

## Markdown reports (src/export/markdown.rs)

md-all-batches = All batches
md-year-so-far = the year so far
md-untitled = Allocation
md-year = Year: { $year }
md-unit = Unit: { $unit }
md-batches = { $count } { $count ->
        [one] batch
       *[other] batches
    }
md-state = State: { $state ->
        [over] over-allocated
        [balanced] balanced
       *[open] consistent, not fully allocated
    }
md-quota-head = | node | value ({ $unit }) | share of parent | unallocated |
md-locked = {" "}(locked)
md-omitted = { $count ->
        [one] { $count } node with nothing of this quota is not listed.
       *[other] { $count } nodes with nothing of this quota are not listed.
    }
md-notes = Notes
md-national-totals = National totals
md-totals-head = | quota | total | allocated | unallocated |
md-totals-head-short = | quota | total |
md-changes = Changes
md-no-changes = No recorded changes.
md-batch = batch
md-changes-head = | time (UTC) | who | change | reason | node | quota |{ $batch } old | new | difference |

## Workbooks (src/export/xlsx.rs)

xlsx-sheet-allocation = Allocation
xlsx-sheet-summary = Summary
xlsx-sheet-history = History
xlsx-title = title
xlsx-year = year
xlsx-unit = unit
xlsx-exported = exported (UTC)
xlsx-h-time = time (UTC)
xlsx-h-who = who
xlsx-h-change = change
xlsx-h-reason = reason
xlsx-h-path = path
xlsx-h-name = name
xlsx-h-quota = quota
xlsx-h-batch = batch
xlsx-h-old = old
xlsx-h-new = new
xlsx-h-difference = difference

## The reconcile view (src/tui/reconcile.rs)

merge-not-saved = not saved: { $why }
merge-all-decided = every difference is decided
merge-save-open = { $count } { $count ->
        [one] difference
       *[other] differences
    } undecided keep A's side; save anyway? (y/n)
merge-quit-unsaved = the decisions are not saved; quit anyway? (y/n)
merge-type-figure-only = only a figure can be typed; take A or B for this
merge-same = the plans are the same
merge-decided = all { $count } decided
merge-unresolved = { $open } of { $count } unresolved
merge-head = merge A { $a } · B { $b } → { $out }
merge-whole = the plan: title, kinds, batches, order, notes
merge-side = { $side }'s
merge-present = present
merge-absent = absent
merge-kept = kept
merge-left-out = left out
merge-only-in = { $node } (only in { $side })
merge-top-level = top level
merge-moved = { $node } (moved)
merge-parent = parent
merge-renamed = { $node } (renamed)
merge-differences = differences
merge-merged = merged
merge-built-title = the merged plan (remainders: + unallocated, - over)
merge-figure-label = {"figure: "}
merge-decide = decide
merge-key-take-a = take A
merge-key-take-b = take B
merge-key-type = type
merge-key-save = save
merge-key-quit = quit
merge-key-undo = undo
merge-key-next-open = next open
merge-key-undecide = undecide
merge-key-redo = redo

## allot export and import (src/report/transfer.rs)

out-exists = the file exists; choose another name, or replace it with --force
out-is-plan = that is the plan itself ({ $plan }); save it or choose another name
export-no-batch = no batch { $batch } (batches: { $known })
export-history-unreadable = the history cannot be read: { $error }; nothing was written (export without --history, or fix the file)
export-over = the plan is over-allocated; fix it, or export anyway with --force
export-not-balanced = the plan is not balanced ({ $count } { $count ->
        [one] remainder
       *[other] remainders
    } unallocated; allot check lists them)
export-xlsx-binary = xlsx is a binary format: give an output file with -o FILE.xlsx
export-history-format = --history goes into xlsx (a History sheet) or md (a Changes section); { $format } has no place for it

## allot export and import, continued

split-exist = { $count ->
        [one] a file is in the way
       *[other] { $count } files are in the way
    } ({ $names }{ $more ->
        [0] {""}
       *[other] {" "}and { $more } more
    }); nothing was written; choose another folder, or replace them with --force
split-is-plan = that is the plan itself ({ $plan }); nothing was written; choose another folder
import-is-table = that is the table being imported; choose another name
import-not-utf8 = the table is not UTF-8 text; save it as UTF-8 CSV
nothing-written = nothing written
wrote-nodes = wrote { $file } ({ $count } { $count ->
        [one] node
       *[other] nodes
    })
wrote = wrote { $file }

## allot merge (src/report/merge.rs)

merge-out-is-input = that is one of the plans being merged: write the merged plan to a new file
merge-no-history = the merged plan was written, but its history could not be: { $error }
merge-take-refused = taking { $side } for every difference: { $why }; nothing was written
merge-taken = { $count } { $count ->
        [one] difference
       *[other] differences
    } taken from { $side } ({ $from }); the decisions are in { $history }

## Settings warnings (src/tui/config.rs)

key-empty = an empty string is not a key
key-no-key-after = "{ $key }" has no key after "{ $prefix }-"
key-control = "{ $key }" holds a control character; use a key name such as tab or enter
key-function = "{ $key }": function keys go from f1 to f12
key-plus = "{ $key }" is not a key; write modifiers with a dash, as in "{ $dashed }"
settings-unreadable = cannot read the settings ({ $error }); using the defaults
settings-did-you-mean = {" "}(did you mean "{ $name }"?)
settings-known = {" "}(known: { $names })
settings-unknown = unknown { $what }{ $hint }; ignored
settings-what-section = section
settings-what-command = command
settings-what-colour-entry = colour entry
settings-what-editing-setting = editing setting
settings-what-number-setting = number setting
settings-bad-json = not valid JSON ({ $reason }); using the defaults
settings-not-object = the settings must be a JSON object such as {"{"}"keys": {"{"}"undo": ["U"]{"}"}{"}"}; using the defaults
keys-none-left = no key is left (quit and help keep their default keys), so "{ $name }" cannot be used
keys-unbound = no key is bound, so "{ $name }" cannot be used
keys-default-taken = its default key { $key } is bound to another command
keys-defaults-taken = its default keys { $keys } are bound to other commands
keys-no-key-left = "{ $name }" has no key left ({ $why }), so it cannot be used
keys-not-string = { $value } is not a key (keys are strings); ignored
keys-taken-earlier = "{ $key }" is already bound to "{ $other }" earlier in the file; ignored
keys-none-usable = no usable key; keeping the default keys
keys-must-keep = "{ $name }" must keep a key; keeping its default keys { $keys }
settings-language-unknown = { $value } is not a language allot speaks ("zh-CN", "en" or "auto"); keeping the locale's
settings-language-type = expected "zh-CN", "en" or "auto", found { $value }; keeping the locale's
settings-not-bool = { $value } is not true or false; keeping the default
settings-not-name = { $value } is not a name; keeping the login name
json-list = a list
json-object = an object

## Settings warnings, continued

settings-keys-object = expected an object of command names and key lists such as {"{"}"undo": ["u", "ctrl-z"]{"}"}, found { $value }; keeping the default keys
settings-colors-object = expected an object such as {"{"}"error": "light-red"{"}"}, found { $value }; keeping the default colours
settings-not-colour = { $value } is not a colour; use a name such as "light-red", "#rrggbb" or an index 0-255; keeping the default
settings-editing-object = expected an object such as {"{"}"preview": false{"}"}, found { $value }; keeping the defaults
settings-numbers-object = expected an object such as {"{"}"thousands_separator": " "{"}"}, found { $value }; keeping the default number format
settings-not-separator = { $value } is not a thousands separator; use one of "," "." " " "'" "_", or "" for none; keeping the default
settings-not-decimals = { $value } is not a number of decimals; use 0, 1, 2 or 3; keeping the default

## The options' help (src/main.rs)

cli-opt-file = The plan file
cli-opt-format = Output format
cli-opt-output = Output file (- for standard output)
cli-opt-force = Replace an existing file (never the plan itself); with export, also an over-allocated plan
cli-opt-depth = Include nodes down to this depth (1 = top level only)
cli-opt-batch = One batch, by id
cli-opt-take = Take this side for every difference
cli-opt-reason = Why (kept in the plan's history)
cli-opt-out = The merged plan's file
cli-opt-ops = The operations, one per argument
cli-opt-a = Plan A
cli-opt-b = Plan B
cli-opt-unit = The unit of the plan
cli-opt-title = The plan's title
cli-opt-table = The CSV table, or the XLSX workbook allot exported
cli-opt-strict = Also fail when any remainder is unallocated
cli-opt-split = Write one file per top-level node into this directory
cli-opt-since = Only entries from this date on (YYYY-MM-DD, UTC)
cli-opt-seed = The seed
cli-opt-nodes = How many nodes
cli-opt-node = Only entries that changed this node or below (a path of ids)
cli-opt-national_remainder = In per-recipient files, show the true national remainder
cli-opt-history = Add the plan's history (xlsx: a History sheet; md: a Changes section)
cli-opt-dry_run = Show what would change without writing
cli-opt-compare = A reference plan to compare with

## Files (src/storage/file.rs)

file-not-found = no such file
file-directory = is a directory, not a file
file-not-regular = is { $kind }, not a regular file
file-exists = the file exists
file-is-plan = that is the plan itself
file-no-reader = is a FIFO (named pipe) that no process is reading
file-too-large = is larger than { $limit } bytes
kind-fifo = a FIFO (named pipe)
kind-char-device = a character device
kind-block-device = a block device
kind-socket = a socket
kind-directory = a directory
kind-other = not a regular file

## Amounts in a plan file (src/storage/format.rs)

amount-too-large = amount { $value } is above the maximum of { $max } (10^15)
amount-negative = amount { $value } is negative; amounts are whole numbers from 0
amount-fraction = amount { $value } has a fraction; amounts are whole numbers (round it)
amount-decimal-point = amount is written with a decimal point or exponent; write the whole number { $whole }
amount-bool = amount is { $value }; write a whole number from 0
amount-null = amount is null; write a whole number from 0 (or leave the entry out for 0)
amount-string = amount is the string { $value }; write it as a plain number without quotes or separators

## The history file (src/storage/history.rs)

history-torn = line { $line }: the last entry is incomplete (a save was interrupted); ignored
history-bad-line = line { $line }: not a history entry ({ $error }); ignored

## allot apply's operations (src/report/apply.rs)

op-quote-open = a double quote is not closed
op-needs = { $verb } needs { $what } ({ $usage })
op-empty = an empty operation ({ $usage })
op-too-many = { $verb } takes { $count } { $count ->
        [one] word
       *[other] words
    }; "{ $extra }" is one too many (a word with spaces goes in double quotes)
op-quota-before-at = { $verb } needs a QUOTA before the @
op-unknown = unknown operation { $op } ({ $usage })
op-by-needs = by needs cumulative, current, previous or equal
op-by-unknown = by { $how }: write by cumulative, current, previous or equal
op-after-by = "{ $extra }" after by { $how } is one too many
op-one-quota = { $verb } takes one QUOTA[@BATCH]; "{ $extra }" is one too many
op-add-batch-word = add-batch: { $word } is not QUOTA=VALUE, date=, notice=, first= or first-name=
op-node-elsewhere = no node at { $path }: { $id } is at { $at }
op-no-node = no node at { $path }: no node has the id { $id } (a path is ids joined by /, national for the top)
op-no-batches = @{ $batch }: the plan has no batches (add one with add-batch)
op-no-kind = no quota kind { $kind } (kinds: { $known })
op-derived = { $kind } is the sum of other kinds: set or fill those instead
op-add-batch-kind = add-batch: { $kind } is not a quota kind whose figures are stored
op-none = no operation given ({ $usage })
op-usage-words = operations

## Importing a CSV table (src/export/import.rs)

import-empty = the file is empty; it needs a header row starting with { $header } and a national row (level 0)
import-no-national = level: no national row: after the header comes the national row (level 0) with the quota totals
import-more = … and { $count } more problems from here on; fix these and import again
import-stray-quote = a quote (") inside a cell that does not start with one; put the whole cell in quotes and write each quote inside it twice ("")
import-after-quote = text after the closing quote (`{ $text }`); put the whole cell in quotes and write each quote inside it twice ("")
import-unterminated = unterminated quote: this cell starts with a quote (") that is never closed; add the closing quote at the end of the cell
import-duplicate-column = duplicate column `{ $name }` (also column { $first }); remove one of them
import-column-case = unknown column `{ $name }`; write `{ $want }` in lower case
import-unknown-column = unknown column `{ $name }`: the columns after `name` are quota ids (letters, digits, '-' and '_'), `<quota id>_unallocated`, `locked` and `note` ({ $why }); fix or remove it
import-no-quota-columns = no quota columns: after `name` the header needs at least one quota id (such as `rock`), whose column holds the values
import-give-name = give the node a name
import-id-rules = ids are non-empty, without '/', control characters or spaces at either end (fix it in the path too)
import-fixed-case = column { $column } is `{ $found }`; write `{ $want }` in lower case (the header must start with { $header })
import-fixed-place = column `{ $want }` must be column { $column }: the header must start with { $header } (found `{ $found }`)
import-fixed-missing = missing column `{ $want }`: the header must start with { $header } (found `{ $found }`)
import-separators = ; the cells seem to be separated by ';' or tabs: save the file as comma-separated (CSV)
import-national-cell = the national row (level 0) has no { $column }; leave the cell empty (found `{ $found }`)
import-second-national = a second national row (level 0): the national row is row { $row } and there is only one; write this row's level (the number of ids in its path) or delete it
import-national-first = the national row (level 0) must be the first row after the header; move it up
import-add-national = level: the first row after the header must be the national row (level 0) with the quota totals; add it above this row
import-no-header = column { $column } has no header but this cell holds `{ $found }`; name the column in the header or clear the cell
import-level-mismatch = level { $level } does not match the path `{ $path }`, which has { $depth } ids; write { $depth }
import-path-empty = the path is empty; write the ids from the top level down joined by '/', ending with this row's id (`{ $id }`)
import-path-gap = the path `{ $path }` has an empty part; write the ids joined by single '/', without '/' at either end
import-id-not-last = the id `{ $id }` is not the last part of the path `{ $path }`; the path ends with the row's id
import-too-deep = the path has { $count } ids: nodes are nested more than { $max } levels deep; move it higher up
import-duplicate-id = duplicate id `{ $id }` (also in row { $row }); ids must be unique in the whole plan
import-parent-later = the parent `{ $parent }` comes later, in row { $row }; a parent must come before its children: move this row below it
import-no-parent = there is no row for the parent `{ $parent }`; add a row for it above this one, or fix the path
import-too-large = `{ $found }` is above the maximum of { $max } (10^15); amounts are whole numbers from 0 to 10^15
import-negative = `{ $found }` is negative; amounts are whole numbers from 0 (leave the cell empty for 0)
import-sign = `{ $found }` has a sign; write the plain number { $plain }
import-scientific = `{ $found }` is in scientific notation; write the whole number { $whole } (in a spreadsheet, format the column as a number without decimals before saving)
import-scientific-big = `{ $found }` is in scientific notation; write a whole number from 0 to 10^15 in plain digits
import-decimal-point = `{ $found }` has a decimal point; write the whole number { $whole }
import-round-to = {" "}({ $low } or { $high })
import-fraction = `{ $found }` has a fraction; amounts are whole numbers: round it{ $round }
import-separators-in = `{ $found }` has separators between the digits; write plain digits: { $digits }
import-not-number = `{ $found }` is not a number; write a whole number such as 1200, or leave the cell empty for 0
import-level-what = write 0 for the national row, else the number of ids in the path (1 for a top-level node)
import-level-empty = the level is empty; { $what }
import-not-level = `{ $found }` is not a level; { $what }
import-not-bool = `{ $found }` is not true or false; write true to lock the node, or leave the cell empty (false)

## Exports (src/export/mod.rs)

export-over-at = { $path } / { $quota }: over-allocated by { $amount } { $unit }

## Exports by batch (src/export/split.rs)

split-kind-all-batches = { $kind }, all batches

## Workbooks, continued

xlsx-history-too-long = the history has { $count } lines; an Excel worksheet holds at most { $max } below its header (export without the history, or as Markdown)
xlsx-too-long = the table has { $count } rows; an Excel worksheet holds at most { $max } below its header
xlsx-cannot-build = cannot build the workbook: { $error }
xlsx-doc-title = Quota allocation
xlsx-doc-comment = { $subject }; exported by allot { $version } at { $time }
xlsx-doc-subject = Quota allocation, { $facts }

## allot apply, continued

first-batch = First batch

## Batches, the first

what-batch-edit = batch edit
what-new-batch = new batch

## A new plan's quota kinds

kind-rock = Rock-type mining
kind-ion = Ion-adsorption mining
kind-smelting = Smelting and separation

## The reconcile view, continued

merge-terminal-failed = the terminal failed: { $error }

## History of a save, continued

history-after-undo = changes after undoing past the last save (the cells are not listed)

## Safe saving (src/storage/safe.rs)

file-read-only = the plan file is read-only

## Files, continued

file-link-loop = too many levels of symbolic links
file-not-path = not a file path

## The language flag

lang-unknown = { $lang } is not a language allot speaks (zh-CN, en)

## History in exports (src/export/history.rs)

history-shared = (a change that also concerned others; their figures are not in this file)

## What a plan file's fields expect (src/storage/format.rs)

expect-per-batch = {", "}or one per batch: [a, b, ...]
expect-object = an object {"{"}...{"}"}
expect-amount = a whole number from 0 to { $max }
expect-alloc = an object mapping quota ids to amounts

## The options' values



## The options' values, said

cli-values = {" "}[possible values: { $values }]
cli-default = {" "}[default: { $value }]

## Usage errors (src/main.rs)

usage-invalid-value = invalid value '{ $value }' for '{ $arg }' (possible values: { $valid })
usage-unknown-argument = unexpected argument '{ $arg }'
usage-unknown-command = unrecognized command '{ $command }'
usage-missing = required arguments were not provided: { $args }
usage-error = error: { $message }
usage-more = For more information, try '--help'.

## Importing a table's encoding

import-read-gb18030 = read as GB18030 (a CSV saved by Excel on Chinese Windows)

## The workbook's Allocation sheet: column headers
xlsx-col-name = Name
xlsx-col-value = { $name } ({ $unit })
xlsx-col-unallocated = { $name }: unallocated ({ $unit })
xlsx-col-locked = Locked
xlsx-col-note = Note

## Reading a workbook back (allot import TABLE.xlsx)
xlsx-read-not-workbook = not an xlsx workbook allot can read ({ $error }); export one with `allot export --format xlsx`
xlsx-read-no-about = this workbook has no sheet `allot`, so allot did not write it (or the sheet was deleted): export it again with `allot export --format xlsx`, or save the table as CSV in the export layout and import that
xlsx-read-about-bad = the sheet `allot` is not the one allot writes; export the workbook again
xlsx-read-newer = written by a newer allot (workbook format { $version }); update allot to read it
xlsx-read-year = the year { $found } is not a whole number
xlsx-read-duplicate-column = the header { $header } is also the header of column { $first }; rename or remove one
xlsx-read-ignored-column = column { $header } is not one of allot's: its cells were not read
xlsx-read-missing-column = no column is headed { $header }: put the header back as it was (allot finds its columns by their headers)
xlsx-read-no-national = the first row under the header must be the national row (key 1)
xlsx-read-bad-key = { $found } is not a key: keys are whole numbers from 1 (leave it empty in a new row)
xlsx-read-duplicate-key = key { $key } is also the key of row { $row }: give each row its own key, or leave it empty in a new row
xlsx-read-no-parent-key = no row has the key { $key }: write the key of the row this one is under
xlsx-read-parent-later = the row with key { $key } (row { $row }) is further down: a row's parent must be above it
xlsx-read-whose-row = allot cannot tell which row this one is under: write that row's key in parent_key (column { $column })
xlsx-read-new-id = the new row { $name } was given the id { $id }
xlsx-read-formula-result = a formula ({ $formula }): its saved result { $value } was read
xlsx-read-formula-no-result = a formula ({ $formula }) with no saved result (the program that wrote the file does not calculate): open and save the file in Excel, WPS or LibreOffice, or type the figure
xlsx-read-error-cell = the cell shows the error { $error }: type the figure
xlsx-read-not-figure = { $found } is not a figure: type a whole number
xlsx-read-sum-differs = this column adds up others of its row: it holds { $found }, they add up to { $sum }; change their figures, not this one
import-read-workbook-note = note: { $message }

## allot import: more options
cli-opt-year = The plan's year
cli-opt-levels = Level names, top first, comma-separated (Province,Enterprise)
cli-opt-encoding = How the CSV table's text is encoded (auto: UTF-8, else GB18030)
cli-opt-bom = Begin a CSV with a byte-order mark (the default in a file)
cli-opt-no_bom = No byte-order mark, in a file too (for Unix tools)
import-not-gb18030 = the table is not GB18030 text; try --encoding utf-8, or save it as UTF-8 CSV
xlsx-col-share = { $name }: share of national
search-indexing = searching… (indexing the names of a big plan)
search-indexing-again = indexing the names of a big plan; press it again in a moment
busy-for = { $what } { $seconds } s
# A save or export under way: how far (in percent) and for how long.
busy-progress = { $what } { $percent } % · { $seconds } s
busy-percent = { $what } { $percent } %
