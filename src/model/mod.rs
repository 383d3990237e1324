//! Typed, validated requests and records. Pure data and the logic that belongs to
//! it (prefix parsing, filter tests); no sockets, no printing.

pub mod encap;
pub mod explain;
pub mod family;
pub mod kernel;
pub mod nexthop;
pub mod number;
pub mod prefix;
pub mod route;
pub mod route_filter;
pub mod route_get;
pub mod route_request;
pub mod route_sync;
pub mod rule;
pub mod rule_filter;
pub mod rule_request;
pub mod rule_sync;
pub mod sync_input;

pub use family::Family;
