//! The headless commands: `check` and `summary`, for scripts and CI.

pub mod check;
pub mod summary;

pub use check::Format;
