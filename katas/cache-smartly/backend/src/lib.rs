//! What the pricer is built on: the catalogue service and the discount rules with
//! their glob patterns. Protected: the checks count what happens here (catalogue
//! fetches, pattern compilations).

use std::collections::HashMap;
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};

use kata_toolkit::counters::Counter;

/// The catalogue service, the source of truth for base prices. In production each
/// [`fetch`](Catalogue::fetch) is a network round trip of a few milliseconds; here it is
/// counted.
pub struct Catalogue {
    key: u64,
    changed: HashMap<String, u64>,
    fetches: Counter,
}

impl Catalogue {
    /// A catalogue whose prices are derived from `seed`: the same seed gives the same
    /// prices.
    pub fn new(seed: u64) -> Self {
        Catalogue {
            key: seed ^ 0x2545_F491_4F6C_DD1D,
            changed: HashMap::new(),
            fetches: Counter::new(),
        }
    }

    /// The base price of `sku` in cents, or `None` if the catalogue does not sell it. A
    /// round trip to the service (counted).
    pub fn fetch(&self, sku: &str) -> Option<u64> {
        self.fetches.incr();
        if let Some(&cents) = self.changed.get(sku) {
            return Some(cents);
        }
        let mut hasher = DefaultHasher::new();
        (self.key, sku).hash(&mut hasher);
        let h = hasher.finish();
        // About one SKU in ten is not (or no longer) sold.
        (!h.is_multiple_of(10)).then_some(100 + (h >> 8) % 99_900)
    }

    /// Change the base price of `sku` (or start selling it).
    pub fn set_price(&mut self, sku: &str, cents: u64) {
        self.changed.insert(sku.to_owned(), cents);
    }

    /// How many times [`fetch`](Catalogue::fetch) was called on this catalogue. Only grows.
    pub fn fetches(&self) -> u64 {
        self.fetches.get()
    }
}

impl fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalogue")
            .field("changed", &self.changed.len())
            .field("fetches", &self.fetches.get())
            .finish_non_exhaustive()
    }
}

static COMPILED: Counter = Counter::new();

/// How many patterns were compiled in this process so far. Only grows.
pub fn patterns_compiled() -> u64 {
    COMPILED.get()
}

/// A rule's glob pattern, compiled: `*` matches any run of characters, `?` any one
/// character, `[abc]` or `[a-z0-9]` one character of a set; anything else matches
/// itself.
///
/// Compiling parses and validates the text and builds the matcher, which is the
/// expensive part (think of a regex: compiling one costs far more than running it);
/// [`matches`](Pattern::matches) then allocates nothing. The only way to get one is
/// [`Rule::compile`].
#[derive(Clone)]
pub struct Pattern {
    tokens: Vec<Token>,
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pattern").finish_non_exhaustive()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Char(char),
    Any,
    Star,
    Set(Vec<(char, char)>),
}

/// Why a pattern does not compile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    /// The pattern's text.
    pub pattern: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pattern {:?}: {}", self.pattern, self.reason)
    }
}

impl std::error::Error for PatternError {}

impl Pattern {
    /// Parse and compile `text` (counted: see [`patterns_compiled`]).
    fn compile(text: &str) -> Result<Pattern, PatternError> {
        COMPILED.incr();
        let error = |reason| PatternError {
            pattern: text.to_owned(),
            reason,
        };
        let mut tokens = Vec::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            tokens.push(match c {
                '*' => {
                    if tokens.last() == Some(&Token::Star) {
                        continue;
                    }
                    Token::Star
                }
                '?' => Token::Any,
                '[' => {
                    let mut ranges = Vec::new();
                    loop {
                        match chars.next() {
                            None => return Err(error("unclosed `[`")),
                            Some(']') if ranges.is_empty() => {
                                return Err(error("empty `[]`"));
                            }
                            Some(']') => break,
                            Some(lo) => {
                                let mut ahead = chars.clone();
                                if ahead.next() == Some('-')
                                    && let Some(hi) = ahead.next().filter(|&hi| hi != ']')
                                {
                                    if hi < lo {
                                        return Err(error("range out of order"));
                                    }
                                    chars = ahead;
                                    ranges.push((lo, hi));
                                } else {
                                    ranges.push((lo, lo));
                                }
                            }
                        }
                    }
                    Token::Set(ranges)
                }
                ']' => return Err(error("`]` without `[`")),
                c => Token::Char(c),
            });
        }
        Ok(Pattern { tokens })
    }

    /// Whether the whole of `text` matches.
    pub fn matches(&self, text: &str) -> bool {
        // Iterative glob matching with one backtrack point (the last `*`): linear in
        // practice, and no allocation.
        let tokens = &self.tokens;
        let (mut t, mut s) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        let chars: &str = text;
        let at = |i: usize| chars[i..].chars().next();
        loop {
            let c = at(s);
            if t < tokens.len() {
                let step = match (&tokens[t], c) {
                    (Token::Star, _) => {
                        star = Some((t, s));
                        t += 1;
                        continue;
                    }
                    (Token::Any, Some(c)) => Some(c),
                    (Token::Char(p), Some(c)) if *p == c => Some(c),
                    (Token::Set(ranges), Some(c))
                        if ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) =>
                    {
                        Some(c)
                    }
                    _ => None,
                };
                if let Some(c) = step {
                    t += 1;
                    s += c.len_utf8();
                    continue;
                }
            } else if c.is_none() {
                return true;
            }
            // Mismatch: let the last `*` swallow one more character, if there is one.
            match star {
                Some((st, ss)) => match at(ss) {
                    Some(c) => {
                        star = Some((st, ss + c.len_utf8()));
                        t = st + 1;
                        s = ss + c.len_utf8();
                    }
                    None => return false,
                },
                None => return false,
            }
        }
    }
}

/// A discount rule: SKUs matching its pattern get `percent_off` off their base price.
///
/// The rules come from the marketing team's tool; the pricer sees their discount, and
/// their pattern only compiled ([`Rule::compile`]).
#[derive(Clone)]
pub struct Rule {
    /// A glob over SKUs, e.g. `GARDEN-*` or `TOY-[0-4]???`.
    pattern: String,
    /// Percent off the base price, 0 to 100.
    percent_off: u8,
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("percent_off", &self.percent_off)
            .finish_non_exhaustive()
    }
}

impl Rule {
    /// A rule from its pattern text and discount (capped at 100 %). The pattern is not
    /// checked until it is compiled.
    pub fn new(pattern: &str, percent_off: u8) -> Self {
        Rule {
            pattern: pattern.to_owned(),
            percent_off: percent_off.min(100),
        }
    }

    /// Compile this rule's pattern: parse, validate and build its matcher. The
    /// expensive part of a rule (counted: see [`patterns_compiled`]).
    pub fn compile(&self) -> Result<Pattern, PatternError> {
        Pattern::compile(&self.pattern)
    }

    /// Percent off the base price.
    pub fn percent_off(&self) -> u8 {
        self.percent_off
    }

    /// `base_cents` with this rule's discount taken off (rounded down).
    pub fn apply(&self, base_cents: u64) -> u64 {
        base_cents * u64::from(100 - self.percent_off) / 100
    }
}
