//! Rules for ids and names, and building a [`Plan`] from input that has not
//! been checked yet (a file, an import), reporting every problem with where it
//! is.

use std::collections::HashMap;

use super::amount::{MAX_AMOUNT, group_thousands};
use super::model::{Change, MAX_DEPTH, Meta, NodeIx, Plan, Quota, ROOT};

/// Check a node id: non-empty, no `/`, no control characters, no
/// surrounding spaces.
///
/// # Errors
/// A message saying what is wrong with the id.
pub fn check_node_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("id is empty".to_owned());
    }
    if id.contains('/') {
        return Err(format!(
            "id {id:?} contains '/' (ids are joined by '/' into paths)"
        ));
    }
    if id.chars().any(char::is_control) {
        return Err(format!("id {id:?} contains a control character"));
    }
    if id.trim() != id {
        return Err(format!("id {id:?} has spaces at the start or end"));
    }
    Ok(())
}

/// Check a quota id: non-empty, only ASCII letters, digits, `-` and `_`.
///
/// # Errors
/// A message saying what is wrong with the id.
pub fn check_quota_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("quota id is empty".to_owned());
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "quota id {id:?} contains {c:?}; use letters, digits, '-' and '_'"
        ));
    }
    // These name the other columns of allocation tables.
    if ["level", "path", "id", "name", "locked", "note"].contains(&id)
        || id.ends_with("_unallocated")
    {
        return Err(format!(
            "quota id {id:?} is reserved for a column of allocation tables; choose another"
        ));
    }
    Ok(())
}

/// Check a date: ISO 8601, `YYYY-MM-DD`, a real day.
///
/// # Errors
/// A message saying what to write.
pub fn check_date(date: &str) -> Result<(), String> {
    let bad = || format!("date {date:?} is not a date like 2023-03-24 (ISO 8601)");
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let num = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(y), num(m), num(d)) else {
        return Err(bad());
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if d == 0 || d > days {
        return Err(bad());
    }
    Ok(())
}

/// Check a name: not empty or blank.
///
/// # Errors
/// A message saying the name is empty.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        Err("name is empty".to_owned())
    } else {
        Ok(())
    }
}

/// Check an amount against the maximum.
///
/// # Errors
/// A message naming the maximum.
pub fn check_amount(v: u64) -> Result<(), String> {
    if v > MAX_AMOUNT {
        Err(format!(
            "{} is above the maximum of {}",
            group_thousands(u128::from(v)),
            group_thousands(u128::from(MAX_AMOUNT))
        ))
    } else {
        Ok(())
    }
}

/// A quota kind as read from input.
#[derive(Debug, Clone)]
pub struct QuotaInput {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// National total.
    pub total: u64,
}

/// A node as read from input, with its children.
#[derive(Debug, Clone, Default)]
pub struct NodeInput {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Values by quota id, in input order.
    pub alloc: Vec<(String, u64)>,
    /// Locked.
    pub locked: bool,
    /// Note.
    pub note: Option<String>,
    /// Children.
    pub nodes: Vec<NodeInput>,
}

/// Where in the input a problem is: the node (by child positions from the top
/// level) or quota, and the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The quota at this position.
    Quota {
        /// Position in the quota list.
        index: usize,
        /// Field name (`id`, `name`, `total`).
        field: &'static str,
    },
    /// The quota list as a whole.
    Quotas,
    /// A field of a node.
    Node {
        /// Child positions from the top level down.
        path: Vec<usize>,
        /// Field name (`id`, `name`).
        field: &'static str,
    },
    /// A key of a node's `alloc` map.
    AllocKey {
        /// Child positions from the top level down.
        path: Vec<usize>,
        /// The key.
        key: String,
    },
}

/// A problem found while building a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// Where.
    pub place: Place,
    /// What, in words.
    pub message: String,
}

/// Build a plan, checking every rule; returns all problems found.
///
/// # Errors
/// Every problem found, each with its place.
pub fn build(
    meta: Meta,
    quotas: &[QuotaInput],
    nodes: Vec<NodeInput>,
) -> Result<Plan, Vec<BuildError>> {
    let mut errors = check_quotas(quotas);
    let mut plan = Plan::new(
        meta,
        quotas
            .iter()
            .map(|q| Quota {
                id: q.id.clone(),
                name: q.name.clone(),
            })
            .collect(),
    );
    for (q, input) in quotas.iter().enumerate() {
        plan.apply(Change::Value {
            node: ROOT,
            quota: q,
            value: input.total,
        });
    }
    // Iterative walk: (input, parent in the plan, depth). A node's path of
    // child positions is worked out from the plan only when an error needs
    // it.
    let mut stack: Vec<(NodeInput, NodeIx, usize)> =
        nodes.into_iter().rev().map(|n| (n, ROOT, 1)).collect();
    while let Some((mut input, parent, depth)) = stack.pop() {
        let index = plan.children(parent).len();
        let path = || {
            let mut p = position_path(&plan, parent);
            p.push(index);
            p
        };
        if depth > MAX_DEPTH {
            errors.push(BuildError {
                place: Place::Node {
                    path: path(),
                    field: "id",
                },
                message: format!("nodes are nested more than {MAX_DEPTH} levels deep"),
            });
            continue;
        }
        check_node_fields(&plan, &input, &path, &mut errors);
        let values = node_values(&plan, &input, &path, &mut errors);
        let children = std::mem::take(&mut input.nodes);
        // Ids may be duplicated in broken input; the arena only needs unique
        // ids once the plan is valid, and an invalid plan is discarded.
        let n = plan.create_with(input.id, input.name, &values, input.locked, input.note);
        plan.apply(Change::Attach {
            node: n,
            parent,
            index,
        });
        stack.extend(children.into_iter().rev().map(|c| (c, n, depth + 1)));
    }
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

fn check_quotas(quotas: &[QuotaInput]) -> Vec<BuildError> {
    let mut errors = Vec::new();
    if quotas.is_empty() {
        errors.push(BuildError {
            place: Place::Quotas,
            message: "a plan needs at least one quota kind".to_owned(),
        });
    }
    let mut seen = HashMap::new();
    for (i, q) in quotas.iter().enumerate() {
        let place = |field| Place::Quota { index: i, field };
        if let Err(m) = check_quota_id(&q.id) {
            errors.push(BuildError {
                place: place("id"),
                message: m,
            });
        } else if let Some(first) = seen.insert(q.id.clone(), i) {
            errors.push(BuildError {
                place: place("id"),
                message: format!(
                    "duplicate quota id {:?} (also quota {} of the list)",
                    q.id,
                    first + 1
                ),
            });
        }
        if let Err(m) = check_name(&q.name) {
            errors.push(BuildError {
                place: place("name"),
                message: format!("quota {m}"),
            });
        }
        if let Err(m) = check_amount(q.total) {
            errors.push(BuildError {
                place: place("total"),
                message: m,
            });
        }
    }
    errors
}

fn check_node_fields(
    plan: &Plan,
    input: &NodeInput,
    path: &dyn Fn() -> Vec<usize>,
    errors: &mut Vec<BuildError>,
) {
    let place = |field| Place::Node {
        path: path(),
        field,
    };
    if let Err(m) = check_node_id(&input.id) {
        errors.push(BuildError {
            place: place("id"),
            message: m,
        });
    } else if let Some(first) = plan.find(&input.id) {
        errors.push(BuildError {
            place: place("id"),
            message: format!(
                "duplicate id {:?} (first used at nodes{})",
                input.id,
                path_text(&position_path(plan, first))
            ),
        });
    }
    if let Err(m) = check_name(&input.name) {
        errors.push(BuildError {
            place: place("name"),
            message: m,
        });
    }
}

/// Child positions from the top level down to `n` (empty for the root).
fn position_path(plan: &Plan, n: NodeIx) -> Vec<usize> {
    plan.ancestry(n)
        .into_iter()
        .map(|x| {
            let parent = plan.parent(x).unwrap_or(ROOT);
            plan.children(parent)
                .iter()
                .position(|&c| c == x)
                .unwrap_or(0)
        })
        .collect()
}

/// The node's values by quota position, reporting unknown, repeated and too
/// large entries.
fn node_values(
    plan: &Plan,
    input: &NodeInput,
    path: &dyn Fn() -> Vec<usize>,
    errors: &mut Vec<BuildError>,
) -> Vec<u64> {
    let mut values = vec![0u64; plan.quotas().len()];
    let mut seen = vec![false; values.len()];
    for (key, v) in &input.alloc {
        let akey = || Place::AllocKey {
            path: path(),
            key: key.clone(),
        };
        match plan.quota_index(key) {
            Some(q) if seen[q] => errors.push(BuildError {
                place: akey(),
                message: format!("quota {key:?} appears twice in alloc"),
            }),
            Some(q) => {
                seen[q] = true;
                values[q] = *v;
            }
            None => errors.push(BuildError {
                place: akey(),
                message: format!(
                    "unknown quota id {key:?} in alloc (known: {})",
                    plan.quotas()
                        .iter()
                        .map(|q| q.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        }
        if let Err(m) = check_amount(*v) {
            errors.push(BuildError {
                place: akey(),
                message: m,
            });
        }
    }
    values
}

fn path_text(path: &[usize]) -> String {
    path.iter()
        .map(|i| format!("[{i}]"))
        .collect::<Vec<_>>()
        .join(".nodes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: &str, total: u64) -> QuotaInput {
        QuotaInput {
            id: id.into(),
            name: id.into(),
            total,
        }
    }

    fn n(id: &str, alloc: &[(&str, u64)], nodes: Vec<NodeInput>) -> NodeInput {
        NodeInput {
            id: id.into(),
            name: id.to_uppercase(),
            alloc: alloc.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
            nodes,
            ..NodeInput::default()
        }
    }

    #[test]
    fn builds_and_sums() {
        let plan = build(
            Meta::default(),
            &[q("rock", 100), q("ion", 50)],
            vec![
                n("a", &[("rock", 60)], vec![n("a1", &[("rock", 20)], vec![])]),
                n("b", &[("rock", 30), ("ion", 10)], vec![]),
            ],
        )
        .unwrap();
        assert_eq!(plan.remainder(ROOT, 0), 10);
        assert_eq!(plan.remainder(ROOT, 1), 40);
        let a = plan.find("a").unwrap();
        assert_eq!(plan.remainder(a, 0), 40);
        assert!(plan.is_consistent());
        assert!(!plan.is_balanced());
        plan.audit().unwrap();
    }

    #[test]
    fn reports_every_problem_with_place() {
        let errs = build(
            Meta::default(),
            &[q("rock", 100), q("rock", 1), q("bad id", 1)],
            vec![
                n("a", &[("rokc", 1)], vec![n("a", &[], vec![])]),
                n("x/y", &[], vec![]),
            ],
        )
        .unwrap_err();
        let places: Vec<_> = errs.iter().map(|e| e.place.clone()).collect();
        assert!(places.contains(&Place::Quota {
            index: 1,
            field: "id"
        }));
        assert!(places.contains(&Place::Quota {
            index: 2,
            field: "id"
        }));
        assert!(places.contains(&Place::AllocKey {
            path: vec![0],
            key: "rokc".into()
        }));
        assert!(places.contains(&Place::Node {
            path: vec![0, 0],
            field: "id"
        }));
        assert!(places.contains(&Place::Node {
            path: vec![1],
            field: "id"
        }));
        let dup = errs
            .iter()
            .find(|e| {
                e.place
                    == Place::Node {
                        path: vec![0, 0],
                        field: "id",
                    }
            })
            .unwrap();
        assert!(
            dup.message.contains("duplicate id \"a\""),
            "{}",
            dup.message
        );
    }

    #[test]
    fn id_rules() {
        assert!(check_node_id("nm").is_ok());
        assert!(check_node_id("内蒙古").is_ok());
        assert!(check_node_id("").is_err());
        assert!(check_node_id("a/b").is_err());
        assert!(check_node_id(" a").is_err());
        assert!(check_node_id("a\u{1b}[2J").is_err());
        assert!(check_quota_id("rock-2_b").is_ok());
        assert!(check_quota_id("rock type").is_err());
        assert!(check_quota_id("").is_err());
        assert!(check_quota_id("note").is_err());
        assert!(check_quota_id("rock_unallocated").is_err());
        assert!(check_amount(1_000_000_000_000_000).is_ok());
        assert!(check_amount(1_000_000_000_000_001).is_err());
    }
}
