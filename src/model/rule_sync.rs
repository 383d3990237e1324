//! `ipr rule sync` (pure part).
