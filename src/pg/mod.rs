//! PostgreSQL servers: the embedded throwaway cluster (`cluster`) and
//! connections to a user's database (`connect`).

pub mod cluster;
pub mod connect;
