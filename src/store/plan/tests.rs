//! Table-driven tests of the store planner: store contents + inputs → expected plan.
