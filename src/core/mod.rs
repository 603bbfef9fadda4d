//! The domain core: plan model, consistency engine, apportionment, undo
//! history, value parsing and validation. Nothing here knows about terminals
//! or files.

pub mod amount;
pub mod apportion;
pub mod compare;
pub mod cow;
pub mod diff;
pub mod find;
pub mod layout;
pub mod merge;
pub mod model;
pub mod ops;
pub mod outcome;
pub mod text;
pub mod validate;
pub mod value;

pub use model::{NodeIx, Plan, ROOT};
pub use ops::{Editor, FillBy, NewNode, Touched};
pub use outcome::{Field, Outcome, Refusal, Spread};
