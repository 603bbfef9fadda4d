//! Reading a plan back from the CSV layout of [`super::csv`] (placeholder;
//! being written).
