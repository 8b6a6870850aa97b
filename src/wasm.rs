//! WebAssembly bindings: translation only. Values cross as plain JavaScript objects
//! (the JSON the CLI prints); errors become JavaScript `Error`s carrying the stable
//! `code`, the field `path` and every problem with its Chinese message.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::date::Date;
use crate::error::{Code, Error, Problem};
use crate::raw::{FactInput, RawPublished};
use crate::{Request, Ruleset, assess, table};

/// The versions of one ruleset, loaded and validated.
#[wasm_bindgen]
pub struct Calculator {
    versions: Vec<Ruleset>,
}

/// An assessment request as the page sends it. The facts stay a JavaScript object
/// until each is read on its own, so that an error names its field.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequest {
    violations: Vec<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    facts: JsValue,
    #[serde(default)]
    decided_on: Option<String>,
}

#[wasm_bindgen]
impl Calculator {
    /// Loads a published ruleset: the object `cailiang export` writes, parsed by `JSON.parse`.
    #[wasm_bindgen(constructor)]
    pub fn new(published: JsValue) -> Result<Calculator, JsValue> {
        Ok(Calculator {
            versions: vec![load(published)?],
        })
    }

    /// Adds another version of the same ruleset, for 第三十七条.
    #[wasm_bindgen(js_name = addVersion)]
    pub fn add_version(&mut self, published: JsValue) -> Result<(), JsValue> {
        let ruleset = load(published)?;
        if ruleset.id() != self.newest().id() {
            return Err(problem_error(&Problem::new(
                Code::InvalidValue,
                "ruleset.id",
                format!(
                    "`{}` is another ruleset than `{}`",
                    ruleset.id(),
                    self.newest().id()
                ),
                "不是同一规则集的版本",
            )));
        }
        self.versions.push(ruleset);
        Ok(())
    }

    /// Metadata and violations of the newest version.
    pub fn info(&self) -> Result<JsValue, JsValue> {
        to_js(&self.newest().info())
    }

    /// The facts the form of a violation asks for; `null` if there is no such violation.
    pub fn form(&self, violation: &str) -> Result<JsValue, JsValue> {
        match self.newest().form(violation) {
            Some(form) => to_js(&form),
            None => Ok(JsValue::NULL),
        }
    }

    /// Assesses `{violations, facts, decided_on}`; `decided_on` defaults to today.
    pub fn assess(&self, request: JsValue) -> Result<JsValue, JsValue> {
        let raw: RawRequest = from_js(request)?;
        let decided_on = match &raw.decided_on {
            None => today(),
            Some(text) => Date::parse(text).ok_or_else(|| {
                problem_error(&Problem::new(
                    Code::InvalidFact,
                    "decided_on",
                    "`decided_on` must be a date written YYYY-MM-DD",
                    "决定日期应为日期，格式为 YYYY-MM-DD",
                ))
            })?,
        };
        let request = Request {
            violations: raw.violations,
            facts: facts(&raw.facts)?,
            decided_on,
        };
        let versions: Vec<&Ruleset> = self.versions.iter().collect();
        let assessment = assess(&versions, &request).map_err(|e| error(&e))?;
        to_js(&assessment)
    }

    /// The disclosure table (公示) of the newest version, as a standalone HTML page.
    #[must_use]
    #[wasm_bindgen(js_name = tableHtml)]
    pub fn table_html(&self) -> String {
        table::html(self.newest())
    }
}

impl Calculator {
    fn newest(&self) -> &Ruleset {
        let mut newest = &self.versions[0];
        for r in &self.versions {
            if r.effective_from() > newest.effective_from() {
                newest = r;
            }
        }
        newest
    }
}

fn load(published: JsValue) -> Result<Ruleset, JsValue> {
    let published: RawPublished = from_js(published)?;
    let ruleset = Ruleset::from_raw(published.ruleset).map_err(|e| error(&e))?;
    Ok(ruleset.with_sha256(published.sha256))
}

/// A value read from JavaScript. Its strings are copied out of JavaScript, so even a
/// type that could borrow them owns them all (`Deserialize<'static>`).
fn from_js<T: Deserialize<'static>>(value: JsValue) -> Result<T, JsValue> {
    from_js_at(value, "")
}

/// Deserializes a value; an error is reported at `path`. (Tracking paths through a
/// whole ruleset would add half again to the module; published rulesets are generated
/// and checked by the CLI, so a field path matters for the facts, read one by one.)
fn from_js_at<T: Deserialize<'static>>(value: JsValue, path: &str) -> Result<T, JsValue> {
    T::deserialize(serde_wasm_bindgen::Deserializer::from(value)).map_err(|e| {
        let message = e.to_string();
        problem_error(&Problem::new(
            Code::Syntax,
            path,
            message.clone(),
            format!("数据格式有误：{message}"),
        ))
    })
}

/// The facts object, each value read on its own.
fn facts(object: &JsValue) -> Result<BTreeMap<String, FactInput>, JsValue> {
    let mut facts = BTreeMap::new();
    if object.is_undefined() || object.is_null() {
        return Ok(facts);
    }
    let Some(object) = object.dyn_ref::<js_sys::Object>() else {
        return Err(problem_error(&Problem::new(
            Code::Syntax,
            "facts",
            "facts must be an object",
            "事实应为对象",
        )));
    };
    for entry in js_sys::Object::entries(object).iter() {
        let pair = js_sys::Array::from(&entry);
        let name = pair.get(0).as_string().unwrap_or_default();
        let value = from_js_at(pair.get(1), &format!("facts.{name}"))?;
        facts.insert(name, value);
    }
    Ok(facts)
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
}

/// A JavaScript `Error` for one problem.
fn problem_error(problem: &Problem) -> JsValue {
    error(&Error::one(problem.clone()))
}

/// A JavaScript `Error` whose message is the English text, with `code` and `path` of
/// the first problem and `problems`: every problem with `message_zh`.
fn error(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    let first = error.problems().first();
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&js, &JsValue::from_str(key), &value);
    };
    set(
        "code",
        first.map_or(JsValue::NULL, |p| JsValue::from_str(p.code.as_str())),
    );
    set(
        "path",
        first.map_or(JsValue::NULL, |p| JsValue::from_str(&p.path)),
    );
    set(
        "problems",
        to_js(&error.problems()).unwrap_or(JsValue::NULL),
    );
    js.into()
}

fn today() -> Date {
    let now = js_sys::Date::new_0();
    let (year, month, day) = (now.get_full_year(), now.get_month() + 1, now.get_date());
    i32::try_from(year)
        .ok()
        .zip(u8::try_from(month).ok().zip(u8::try_from(day).ok()))
        .and_then(|(y, (m, d))| Date::new(y, m, d))
        .unwrap_or_else(|| Date::from_unix_days(0))
}
