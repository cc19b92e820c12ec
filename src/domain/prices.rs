//! What Claude costs: the price table (`CLAUDE_PRICES`, with the defaults the server ships
//! with) and the estimate of a call from its tokens. Settings parse it; the usage report and the
//! metrics use it.

/// Prices the server ships with (US dollars per million tokens, input / output), from
/// Anthropic's pricing page: Claude Haiku 4.5 $1 / $5, Sonnet 4.5 $3 / $15, Opus 4.5 $5 / $25.
pub const DEFAULT_PRICES: &str = "claude-haiku-4-5=1/5,claude-sonnet-4-5=3/15,claude-opus-4-5=5/25";

/// One model's price, in US dollars per million tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Price {
    /// Matches the model the API reports when it starts with this (`claude-haiku-4-5` matches
    /// `claude-haiku-4-5-20251001`).
    pub model: String,
    pub input_per_mtok: f64,
    pub output_per_mtok: f64,
}

/// `CLAUDE_PRICES`: `model=input/output,…` in dollars per million tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceTable(Vec<Price>);

impl PriceTable {
    /// Parses `model=input/output` entries separated by commas.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let mut prices = Vec::new();
        for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let bad =
                || format!("`{entry}` is not `model=input/output` (dollars per million tokens)");
            let (model, rates) = entry.split_once('=').ok_or_else(bad)?;
            let (input, output) = rates.split_once('/').ok_or_else(bad)?;
            let rate = |raw: &str| {
                raw.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|r| r.is_finite() && *r >= 0.0)
                    .ok_or_else(bad)
            };
            let model = model.trim();
            if model.is_empty() {
                return Err(bad());
            }
            prices.push(Price {
                model: model.to_owned(),
                input_per_mtok: rate(input)?,
                output_per_mtok: rate(output)?,
            });
        }
        Ok(Self(prices))
    }

    /// The price for `model`: the longest entry it starts with.
    pub fn price(&self, model: &str) -> Option<&Price> {
        self.0
            .iter()
            .filter(|p| model.starts_with(&p.model))
            .max_by_key(|p| p.model.len())
    }

    /// The estimated cost in millionths of a dollar, when the model has a price.
    pub fn cost_micros(&self, model: &str, input_tokens: u32, output_tokens: u32) -> Option<i64> {
        let price = self.price(model)?;
        // Dollars per million tokens is exactly micro-dollars per token.
        let micros = f64::from(input_tokens) * price.input_per_mtok
            + f64::from(output_tokens) * price.output_per_mtok;
        Some(micros.round() as i64)
    }
}

impl Default for PriceTable {
    fn default() -> Self {
        Self::parse(DEFAULT_PRICES).expect("the default price table parses")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haiku_costs_one_and_five_dollars_per_million() {
        let table = PriceTable::default();
        assert_eq!(
            table.cost_micros("claude-haiku-4-5-20251001", 1_000_000, 0),
            Some(1_000_000)
        );
        assert_eq!(
            table.cost_micros("claude-haiku-4-5-20251001", 0, 1_000_000),
            Some(5_000_000)
        );
        // A typical five-email sequence: 900 tokens in, 1,200 out = $0.0009 + $0.006.
        assert_eq!(
            table.cost_micros("claude-haiku-4-5", 900, 1_200),
            Some(6_900)
        );
        assert_eq!(table.cost_micros("gpt-4", 900, 1_200), None);
    }

    #[test]
    fn the_longest_matching_entry_wins_and_bad_tables_are_named() {
        let table = PriceTable::parse("claude=10/10, claude-haiku-4-5 = 1 / 5").unwrap();
        assert_eq!(
            table.price("claude-haiku-4-5-x").unwrap().input_per_mtok,
            1.0
        );
        assert_eq!(table.price("claude-other").unwrap().input_per_mtok, 10.0);
        for bad in ["haiku", "haiku=1", "=1/5", "haiku=one/5", "haiku=1/-5"] {
            let err = PriceTable::parse(bad).unwrap_err();
            assert!(err.contains("model=input/output"), "{bad}: {err}");
        }
    }
}
