//! Token columns of AI lines inside cloud bills (Bedrock in AWS CUR, Azure OpenAI / Foundry
//! meters in Azure cost details, Vertex AI / Gemini SKUs in the GCP export). A provider format
//! passes its finished FOCUS projection through [`with_token_columns`]: on rows whose line names
//! a token type (parsed by the pure functions of `cloud_tokens` through one scalar function),
//! SkuPriceDetails gets the token keys, ConsumedUnit becomes `Tokens` and ConsumedQuantity the
//! token count where the billed unit is a block of tokens, and the `x_` token columns (the same
//! as the API sources') are filled. The model id is the price catalog's id where
//! `cloud_models::catalog_model_id` resolves the billed name (else the billed name); the billed
//! name is kept in `x_BilledModel`. Bedrock Marketplace lines, whose usage type names no model,
//! take the billed name from the product name (`Claude Sonnet 4.6 (Amazon Bedrock Edition)`). Other rows keep the format's values; the `x_` columns are
//! null there. `token_usage` then takes these rows from `costs` (the source systems of [`Bill::ALL`]).

use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, Int64Builder, StringArray, StringBuilder, StructArray};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::{Result, ScalarValue, exec_err};
use datafusion::functions::core::expr_fn::get_field;
use datafusion::logical_expr::{
    ColumnarValue, Expr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
    cast as cast_expr, lit,
};

use crate::cloud_models::{catalog_model_id, marketplace_model};
use crate::cloud_tokens::{
    CloudTokenLine, azure_token_line, bedrock_token_line, tokens_per_unit, vertex_token_line,
};
use crate::formats::common::{first_match, json_object};
use crate::registry::QUANTITY_TYPE;

/// Which bill a line comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bill {
    /// AWS CUR `line_item_usage_type` (Bedrock).
    Bedrock,
    /// Azure cost details `MeterName` (Azure OpenAI / Foundry Models).
    AzureOpenAi,
    /// GCP export `sku.description` (Vertex AI / Gemini).
    Vertex,
}

impl Bill {
    /// Every bill with AI token lines.
    pub const ALL: [Bill; 3] = [Bill::Bedrock, Bill::AzureOpenAi, Bill::Vertex];

    /// The `x_SourceSystem` / `token_usage.source_system` value of its token rows.
    pub fn source_system(self) -> &'static str {
        match self {
            Bill::Bedrock => "aws_cur",
            Bill::AzureOpenAi => "azure_cost_details",
            Bill::Vertex => "gcp_billing_export",
        }
    }

    /// The `token_usage.provider` of its token rows, also its provider in the price catalog.
    pub fn provider(self) -> &'static str {
        match self {
            Bill::Bedrock => "AWS",
            Bill::AzureOpenAi => "Microsoft",
            Bill::Vertex => "Google Cloud",
        }
    }

    /// The bill whose token rows carry `source_system`.
    pub fn of_source_system(source_system: &str) -> Option<Bill> {
        Bill::ALL
            .into_iter()
            .find(|b| b.source_system() == source_system)
    }

    fn parse(self, text: &str) -> Option<CloudTokenLine> {
        match self {
            Bill::Bedrock => bedrock_token_line(text),
            Bill::AzureOpenAi => azure_token_line(text),
            Bill::Vertex => vertex_token_line(text),
        }
    }
}

/// The fields of the parsed line, in the struct the scalar function returns.
const FIELDS: [&str; 12] = [
    "token_type",
    "model_id",
    "billed_model",
    "service_tier",
    "region_scope",
    "context_band",
    "token_direction",
    "cache_action",
    "cache_ttl",
    "modality",
    "phase",
    "tokens_per_unit",
];

fn struct_fields() -> Fields {
    FIELDS
        .iter()
        .map(|n| {
            let t = if *n == "tokens_per_unit" {
                DataType::Int64
            } else {
                DataType::Utf8
            };
            Field::new(*n, t, true)
        })
        .collect()
}

/// `(line text, billed unit, product name)` → the token line as a struct (all null on other
/// lines); the product name gives the model of lines whose text names none (Bedrock
/// Marketplace).
#[derive(Debug, PartialEq, Eq, Hash)]
struct TokenLineUdf {
    bill: Bill,
    signature: Signature,
}

/// A parsed token line with its model resolved to a catalog id.
struct ResolvedLine {
    line: CloudTokenLine,
    model_id: Option<String>,
}

/// The text of row `i`, None when null.
fn cell(array: &StringArray, i: usize) -> Option<&str> {
    (!array.is_null(i)).then(|| array.value(i))
}

impl TokenLineUdf {
    /// Parse one line text; a line naming no model takes it from the product name (Bedrock
    /// Marketplace). The model id is the catalog's where the billed name resolves, else the
    /// billed name.
    fn resolve(&self, text: &str, product: Option<&str>) -> Option<ResolvedLine> {
        let mut line = self.bill.parse(text)?;
        if line.billed_model.is_none() {
            line.billed_model = product.and_then(marketplace_model).map(str::to_string);
        }
        let model_id = line.billed_model.as_deref().map(|b| {
            catalog_model_id(self.bill.source_system(), b)
                .unwrap_or(b)
                .to_string()
        });
        Some(ResolvedLine { line, model_id })
    }
}

impl ScalarUDFImpl for TokenLineUdf {
    fn name(&self) -> &str {
        match self.bill {
            Bill::Bedrock => "focusql_bedrock_token_line",
            Bill::AzureOpenAi => "focusql_azure_token_line",
            Bill::Vertex => "focusql_vertex_token_line",
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(struct_fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let [text, unit, product] = args.args.as_slice() else {
            return exec_err!("{} takes three arguments", self.name());
        };
        let n = args.number_rows;
        let text = cast(&text.to_array(n)?, &DataType::Utf8)?;
        let unit = cast(&unit.to_array(n)?, &DataType::Utf8)?;
        let product = cast(&product.to_array(n)?, &DataType::Utf8)?;
        let text = text.as_any().downcast_ref::<StringArray>();
        let unit = unit.as_any().downcast_ref::<StringArray>();
        let product = product.as_any().downcast_ref::<StringArray>();
        let (Some(text), Some(unit), Some(product)) = (text, unit, product) else {
            return exec_err!("{}: arguments must be text", self.name());
        };
        let mut strings: Vec<StringBuilder> = (0..FIELDS.len() - 1)
            .map(|_| StringBuilder::with_capacity(n, 0))
            .collect();
        let mut per_unit = Int64Builder::with_capacity(n);
        // A bill repeats a few usage types over many rows: parse and resolve each distinct
        // (line text, product name) once per batch.
        let mut lines: HashMap<(&str, Option<&str>), Option<ResolvedLine>> = HashMap::new();
        for i in 0..n {
            let resolved = cell(text, i).and_then(|t| {
                let product = cell(product, i);
                lines
                    .entry((t, product))
                    .or_insert_with(|| self.resolve(t, product))
                    .as_ref()
            });
            let Some(r) = resolved else {
                strings.iter_mut().for_each(StringBuilder::append_null);
                per_unit.append_null();
                continue;
            };
            let t = r.line.token_type;
            let values = [
                Some(t.name()),
                r.model_id.as_deref(),
                r.line.billed_model.as_deref(),
                r.line.service_tier.as_deref(),
                r.line.region_scope.as_deref(),
                r.line.context_band.as_deref(),
                Some(t.direction()),
                t.cache_action(),
                t.cache_ttl(),
                Some(t.modality()),
                t.phase(),
            ];
            for (b, v) in strings.iter_mut().zip(values) {
                b.append_option(v);
            }
            per_unit.append_option(cell(unit, i).and_then(tokens_per_unit));
        }
        let mut columns: Vec<ArrayRef> = strings
            .into_iter()
            .map(|mut b| Arc::new(b.finish()) as ArrayRef)
            .collect();
        columns.push(Arc::new(per_unit.finish()));
        Ok(ColumnarValue::Array(Arc::new(StructArray::try_new(
            struct_fields(),
            columns,
            None,
        )?)))
    }
}

/// The token columns of one format's rows: the parsed line of each row.
pub struct TokenColumns {
    bill: Bill,
    line: Expr,
}

impl TokenColumns {
    /// Parse `text` (usage type, meter name, SKU description) billed in `unit`.
    pub fn new(bill: Bill, text: Expr, unit: Expr) -> Self {
        Self::with_product(bill, text, unit, lit(ScalarValue::Utf8(None)))
    }

    /// As [`TokenColumns::new`], with the line's product name for lines whose text names no
    /// model (Bedrock Marketplace: CUR `product_product_name`).
    pub fn with_product(bill: Bill, text: Expr, unit: Expr, product: Expr) -> Self {
        let udf = ScalarUDF::new_from_impl(TokenLineUdf {
            bill,
            signature: Signature::any(3, Volatility::Immutable),
        });
        Self {
            bill,
            line: udf.call(vec![text, unit, product]),
        }
    }

    fn field(&self, name: &str) -> Expr {
        get_field(self.line.clone(), name)
    }

    fn is_token(&self) -> Expr {
        self.field("token_type").is_not_null()
    }

    /// True on token rows whose billed unit is a block of tokens.
    fn counts_tokens(&self) -> Expr {
        self.is_token()
            .and(self.field("tokens_per_unit").is_not_null())
    }

    /// SkuPriceDetails with the token keys on token rows, `other` elsewhere.
    fn sku_price_details(&self, other: Expr) -> Expr {
        let members = [
            ("x_TokenSource", lit(self.bill.source_system())),
            ("ModelId", self.field("model_id")),
            ("x_BilledModel", self.field("billed_model")),
            ("TokenDirection", self.field("token_direction")),
            ("TokenCacheAction", self.field("cache_action")),
            ("x_CacheTtl", self.field("cache_ttl")),
            ("x_Modality", self.field("modality")),
            ("x_Phase", self.field("phase")),
            ("x_ServiceTier", self.field("service_tier")),
            ("x_RegionScope", self.field("region_scope")),
            ("x_ContextBand", self.field("context_band")),
        ];
        let details = json_object(members.into_iter().map(|(k, e)| (k.into(), e)).collect());
        first_match(vec![(self.is_token(), details)], other)
    }

    /// The `x_` token columns (null on other rows).
    fn extensions(&self) -> Vec<Expr> {
        let text = |e: Expr| first_match(vec![(self.is_token(), e)], lit(ScalarValue::Utf8(None)));
        let mut out = vec![text(lit(self.bill.source_system())).alias("x_SourceSystem")];
        out.extend(
            [
                ("x_ModelId", "model_id"),
                ("x_BilledModel", "billed_model"),
                ("x_TokenType", "token_type"),
                ("x_TokenDirection", "token_direction"),
                ("x_TokenCacheAction", "cache_action"),
                ("x_CacheTtl", "cache_ttl"),
                ("x_Modality", "modality"),
                ("x_Phase", "phase"),
                ("x_ServiceTier", "service_tier"),
                ("x_RegionScope", "region_scope"),
                ("x_ContextBand", "context_band"),
            ]
            .into_iter()
            .map(|(x, f)| self.field(f).alias(x)),
        );
        out
    }
}

/// A provider projection with the token columns: ConsumedUnit, ConsumedQuantity and
/// SkuPriceDetails rewritten on token rows, the `x_` token columns appended.
pub fn with_token_columns(projection: Vec<Expr>, tokens: &TokenColumns) -> Vec<Expr> {
    let mut out: Vec<Expr> = projection
        .into_iter()
        .map(|e| match e {
            Expr::Alias(a) => {
                let inner = *a.expr;
                let rewritten = match a.name.as_str() {
                    "ConsumedUnit" => {
                        first_match(vec![(tokens.counts_tokens(), lit("Tokens"))], inner)
                    }
                    "ConsumedQuantity" => first_match(
                        vec![(
                            tokens.counts_tokens(),
                            cast_expr(
                                inner.clone()
                                    * cast_expr(tokens.field("tokens_per_unit"), QUANTITY_TYPE),
                                QUANTITY_TYPE,
                            ),
                        )],
                        inner,
                    ),
                    "SkuPriceDetails" => tokens.sku_price_details(inner),
                    _ => inner,
                };
                rewritten.alias_qualified(a.relation, a.name)
            }
            other => other,
        })
        .collect();
    out.extend(tokens.extensions());
    out
}
