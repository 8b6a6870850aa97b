//! cailiang (裁量): administrative-penalty discretion benchmarks (行政处罚裁量基准)
//! as data, assessed exactly.
//!
//! A ruleset is a data file that an agency publishes: its violations, the statutory
//! penalties, the benchmark that divides each range into tiers, the circumstances and
//! the no-penalty list, each with its legal basis. [`Ruleset`] validates one;
//! [`assess`] applies it, and the general part of 行政处罚法, to the facts of a case.
//! Money is [`rust_decimal::Decimal`] throughout and crosses JSON as strings.
//!
//! ```
//! use cailiang::{Request, Ruleset, date::Date};
//!
//! let ruleset = Ruleset::from_toml(r#"
//! [ruleset]
//! id = "example"
//! title = "示例"
//! authority = "示例机关"
//! jurisdiction = { name = "全国", code = "100000" }
//! version = "1"
//! effective_from = "2021-07-15"
//! sources = [{ title = "消防法", version = "2021-04-29", kind = "law" }]
//!
//! [[violations]]
//! id = "fire-exit"
//! name = "占用、堵塞、封闭疏散通道、安全出口"
//! violates = [{ law = "消防法", version = "2021-04-29", article = "第二十八条", text = "不得占用、堵塞、封闭疏散通道、安全出口、消防车通道。" }]
//! punishes = { law = "消防法", version = "2021-04-29", article = "第六十条", paragraph = 1, item = 3, text = "占用、堵塞、封闭疏散通道、安全出口或者有其他妨碍安全疏散行为的" }
//! penalties = [{ kind = "fine", mode = "must" }]
//! fine = { range = { min = "5000", max = "50000" } }
//! "#).unwrap();
//!
//! let request = Request {
//!     violations: vec!["fire-exit".into()],
//!     facts: [("party".to_owned(), cailiang::raw::FactInput::Text("organization".into()))].into(),
//!     decided_on: Date::parse("2024-05-01").unwrap(),
//! };
//! let assessment = ruleset.assess(&request).unwrap();
//! let fine = assessment.fine.unwrap();
//! assert_eq!((fine.min.0.to_string(), fine.max.unwrap().0.to_string()), ("5000".into(), "50000".into()));
//! ```

pub mod assessment;
pub mod catalog;
pub mod citation;
pub mod date;
pub mod error;
pub mod examples;
pub mod expr;
pub mod facts;
pub mod general;
pub mod money;
pub mod raw;
pub mod ruleset;
pub mod table;
pub mod text;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use assessment::{Assessment, Request, assess};
pub use error::{Code, Error, Problem};
pub use ruleset::Ruleset;
