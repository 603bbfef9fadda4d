//! The headless commands: `check`, `summary`, `export` and `import`, for
//! scripts and CI.

pub mod apply;
pub mod check;
pub mod diff;
pub mod generate;
pub mod log;
pub mod merge;
pub mod selftest;
pub mod summary;
pub mod transfer;

pub use check::Format;
