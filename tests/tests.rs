//! Integration tests: each module drives the built `kg` binary on one topic.

mod util;
