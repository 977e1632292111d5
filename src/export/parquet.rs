//! The graph as Apache Parquet tables (`kg export --format parquet -o DIR`), the
//! columnar files Spark, DuckDB, Polars, pandas and every data-lake engine read
//! natively (`docs/export.md` lists the columns, `docs/scale-out.md` runs Spark
//! on them):
//!
//! - `entities.parquet`: one row per entity, sorted by id;
//! - `relations.parquet`: one row per relation, sorted by ends and type;
//! - `evidence.parquet`: one row per evidence record, in relation order;
//! - `sources.parquet`: one row per source, in the graph's order.
//!
//! Every entity and relation gets a `key`, its row number (from 0) in that
//! order: the same graph always gets the same keys, relations name their ends by
//! entity key as well as by id, and evidence names its relation by key. Integer
//! keys are what a distributed join wants to shuffle; the ids stay for people.
//!
//! Dates are kept twice. kg's dates may stop at the month or the year
//! (`2016-04`), which Parquet's DATE type cannot say, so the date as kg writes
//! it is a string column (`valid_from`, `date`), and beside it the first and
//! last day it stands for are DATE columns (`valid_start`, `valid_end`,
//! `date_start`, `date_end`), which engines compare and filter on natively.
//! Attributes are JSON text (their values are of any JSON type, which a typed
//! column cannot hold); a missing value is a null, an empty string stays empty.
//!
//! The files are Snappy-compressed, written in batches of [`BATCH`] rows and row
//! groups of at most [`ROW_GROUP`] rows, so memory stays bounded by a row group
//! however large the graph is.

use std::io::{self, Write};
use std::sync::Arc;

use ::parquet::arrow::ArrowWriter;
use ::parquet::basic::Compression;
use ::parquet::file::properties::WriterProperties;
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, ListBuilder,
    StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use rustc_hash::FxHashMap;

use crate::date::Date;
use crate::model::{EntityId, KnowledgeGraph, SourceKind};

use super::{sorted_entities, sorted_relations};

/// The file names written into the output folder, in the order they are written.
pub const ENTITIES_FILE: &str = "entities.parquet";
pub const RELATIONS_FILE: &str = "relations.parquet";
pub const EVIDENCE_FILE: &str = "evidence.parquet";
pub const SOURCES_FILE: &str = "sources.parquet";
pub const FILES: [&str; 4] = [ENTITIES_FILE, RELATIONS_FILE, EVIDENCE_FILE, SOURCES_FILE];

/// Rows handed to the Parquet writer at a time.
pub const BATCH: usize = 65_536;
/// Rows of one row group at most: Spark reads a file in parallel by row group.
pub const ROW_GROUP: usize = 1 << 20;

fn text(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn day(name: &str) -> Field {
    Field::new(name, DataType::Date32, true)
}

/// The columns of `entities.parquet`.
pub fn entities_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("key", DataType::Int64, false),
        text("id", false),
        text("name", false),
        text("type", false),
        Field::new(
            "aliases",
            DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, false))),
            false,
        ),
        text("attributes", true),
    ]))
}

/// The columns of `relations.parquet`.
pub fn relations_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("key", DataType::Int64, false),
        text("id", true),
        Field::new("from_key", DataType::Int64, false),
        text("from_id", false),
        text("type", false),
        Field::new("to_key", DataType::Int64, false),
        text("to_id", false),
        Field::new("symmetric", DataType::Boolean, false),
        text("valid_from", true),
        text("valid_to", true),
        day("valid_start"),
        day("valid_end"),
        Field::new("confidence", DataType::Float64, true),
        text("attributes", true),
    ]))
}

/// The columns of `evidence.parquet`.
pub fn evidence_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("relation", DataType::Int64, false),
        Field::new("seq", DataType::Int32, false),
        text("source", false),
        text("quote", true),
        text("date", true),
        day("date_start"),
        day("date_end"),
    ]))
}

/// The columns of `sources.parquet`.
pub fn sources_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        text("id", false),
        text("title", true),
        text("publisher", true),
        text("date", true),
        day("date_start"),
        day("date_end"),
        text("url", true),
        text("kind", true),
        Field::new("background", DataType::Boolean, false),
        text("sha256", true),
        text("text", true),
    ]))
}

fn parquet_error(e: ::parquet::errors::ParquetError) -> io::Error {
    match e {
        ::parquet::errors::ParquetError::External(inner) => io::Error::other(inner.to_string()),
        other => io::Error::other(other.to_string()),
    }
}

fn arrow_error(e: arrow_schema::ArrowError) -> io::Error {
    match e {
        arrow_schema::ArrowError::IoError(_, inner) => inner,
        other => io::Error::other(other.to_string()),
    }
}

/// Days since 1970-01-01 as Parquet's DATE holds them (every kg date, years 1 to
/// 9999, fits an `i32`).
fn days(d: Date) -> i32 {
    i32::try_from(d.to_days()).expect("years 1..=9999 fit in i32 days")
}

/// One table being written: the Parquet writer fills an in-memory buffer, which
/// is handed on to `out` after every batch, so the file streams out row group by
/// row group. (The writer needs a `Send` sink, which `&mut dyn Write` is not;
/// the bytes it has written are never read back, so draining them is safe.)
struct Table<'w> {
    schema: SchemaRef,
    writer: ArrowWriter<Vec<u8>>,
    out: &'w mut dyn Write,
}

impl<'w> Table<'w> {
    fn new(out: &'w mut dyn Write, schema: SchemaRef) -> io::Result<Self> {
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_created_by(format!("kg {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer =
            ArrowWriter::try_new(Vec::new(), schema.clone(), Some(props)).map_err(parquet_error)?;
        Ok(Table {
            schema,
            writer,
            out,
        })
    }

    fn drain(&mut self) -> io::Result<()> {
        let bytes = std::mem::take(self.writer.inner_mut());
        self.out.write_all(&bytes)
    }

    fn batch(&mut self, columns: Vec<ArrayRef>) -> io::Result<()> {
        let batch = RecordBatch::try_new(self.schema.clone(), columns).map_err(arrow_error)?;
        self.writer.write(&batch).map_err(parquet_error)?;
        self.drain()
    }

    fn finish(mut self) -> io::Result<()> {
        self.writer.finish().map_err(parquet_error)?;
        self.drain()?;
        self.out.flush()
    }
}

/// Writes `rows` through `push`, a batch of columns taken by `take` every
/// [`BATCH`] rows and at the end (an empty table still gets its schema).
fn write_rows<T, B>(
    out: &mut dyn Write,
    schema: SchemaRef,
    rows: impl Iterator<Item = T>,
    builders: &mut B,
    mut push: impl FnMut(&mut B, T) -> io::Result<()>,
    take: impl Fn(&mut B) -> Vec<ArrayRef>,
) -> io::Result<()> {
    let mut table = Table::new(out, schema)?;
    let mut n = 0usize;
    for row in rows {
        push(builders, row)?;
        n += 1;
        if n == BATCH {
            table.batch(take(builders))?;
            n = 0;
        }
    }
    if n > 0 {
        table.batch(take(builders))?;
    }
    table.finish()
}

fn json_text(a: &crate::model::Attributes) -> io::Result<String> {
    Ok(serde_json::to_string(a)?)
}

/// Writes `entities.parquet`: one row per entity, sorted by id.
///
/// # Complexity
/// O(E log E) for the sort, then O(E + aliases + attribute text).
pub fn write_entities(w: &mut dyn Write, g: &KnowledgeGraph) -> io::Result<()> {
    struct B {
        key: Int64Builder,
        id: StringBuilder,
        name: StringBuilder,
        kind: StringBuilder,
        aliases: ListBuilder<StringBuilder>,
        attributes: StringBuilder,
    }
    let mut b = B {
        key: Int64Builder::new(),
        id: StringBuilder::new(),
        name: StringBuilder::new(),
        kind: StringBuilder::new(),
        aliases: ListBuilder::new(StringBuilder::new())
            .with_field(Arc::new(Field::new_list_field(DataType::Utf8, false))),
        attributes: StringBuilder::new(),
    };
    let sorted = sorted_entities(g);
    write_rows(
        w,
        entities_schema(),
        sorted.iter().enumerate(),
        &mut b,
        |b, (key, &id)| {
            let e = g.entity(id);
            b.key.append_value(key as i64);
            b.id.append_value(e.id);
            b.name.append_value(e.name);
            b.kind.append_value(&*g.schema().entity_type(e.kind).id);
            for a in e.aliases {
                b.aliases.values().append_value(&a.text);
            }
            b.aliases.append(true);
            b.attributes
                .append_option(e.attributes.map(json_text).transpose()?);
            Ok(())
        },
        |b| {
            vec![
                Arc::new(b.key.finish()) as ArrayRef,
                Arc::new(b.id.finish()),
                Arc::new(b.name.finish()),
                Arc::new(b.kind.finish()),
                Arc::new(b.aliases.finish()),
                Arc::new(b.attributes.finish()),
            ]
        },
    )
}

/// Each entity's key: its row in `entities.parquet`.
fn entity_keys(g: &KnowledgeGraph) -> FxHashMap<EntityId, i64> {
    sorted_entities(g)
        .into_iter()
        .enumerate()
        .map(|(k, id)| (id, k as i64))
        .collect()
}

/// Writes `relations.parquet`: one row per relation, sorted by source id,
/// type and target id (as every kg export orders them).
///
/// # Complexity
/// O(R log R + E log E) for the sorts, then O(R + attribute text).
pub fn write_relations(w: &mut dyn Write, g: &KnowledgeGraph) -> io::Result<()> {
    struct B {
        key: Int64Builder,
        id: StringBuilder,
        from_key: Int64Builder,
        from_id: StringBuilder,
        kind: StringBuilder,
        to_key: Int64Builder,
        to_id: StringBuilder,
        symmetric: BooleanBuilder,
        valid_from: StringBuilder,
        valid_to: StringBuilder,
        valid_start: Date32Builder,
        valid_end: Date32Builder,
        confidence: Float64Builder,
        attributes: StringBuilder,
    }
    let mut b = B {
        key: Int64Builder::new(),
        id: StringBuilder::new(),
        from_key: Int64Builder::new(),
        from_id: StringBuilder::new(),
        kind: StringBuilder::new(),
        to_key: Int64Builder::new(),
        to_id: StringBuilder::new(),
        symmetric: BooleanBuilder::new(),
        valid_from: StringBuilder::new(),
        valid_to: StringBuilder::new(),
        valid_start: Date32Builder::new(),
        valid_end: Date32Builder::new(),
        confidence: Float64Builder::new(),
        attributes: StringBuilder::new(),
    };
    let keys = entity_keys(g);
    write_rows(
        w,
        relations_schema(),
        sorted_relations(g).into_iter().enumerate(),
        &mut b,
        |b, (key, r)| {
            let (from, t, to) = g.relation_ends(r);
            let rt = g.schema().relation_type(t);
            let rel = g.relation(r);
            let detail = rel.detail.as_deref();
            b.key.append_value(key as i64);
            b.id.append_option(detail.and_then(|d| d.id.as_deref()));
            b.from_key.append_value(keys[&from]);
            b.from_id.append_value(g.entity(from).id);
            b.kind.append_value(&*rt.id);
            b.to_key.append_value(keys[&to]);
            b.to_id.append_value(g.entity(to).id);
            b.symmetric.append_value(rt.symmetric);
            b.valid_from
                .append_option(rel.valid.map(|v| v.from.to_string()));
            b.valid_to
                .append_option(rel.valid.map(|v| v.to.to_string()));
            b.valid_start.append_option(rel.valid.map(|v| days(v.from)));
            b.valid_end
                .append_option(rel.valid.map(|v| days(v.to.last_day())));
            b.confidence
                .append_option(detail.and_then(|d| d.confidence));
            b.attributes.append_option(
                detail
                    .map(|d| &d.attributes)
                    .filter(|a| !a.is_empty())
                    .map(json_text)
                    .transpose()?,
            );
            Ok(())
        },
        |b| {
            vec![
                Arc::new(b.key.finish()) as ArrayRef,
                Arc::new(b.id.finish()),
                Arc::new(b.from_key.finish()),
                Arc::new(b.from_id.finish()),
                Arc::new(b.kind.finish()),
                Arc::new(b.to_key.finish()),
                Arc::new(b.to_id.finish()),
                Arc::new(b.symmetric.finish()),
                Arc::new(b.valid_from.finish()),
                Arc::new(b.valid_to.finish()),
                Arc::new(b.valid_start.finish()),
                Arc::new(b.valid_end.finish()),
                Arc::new(b.confidence.finish()),
                Arc::new(b.attributes.finish()),
            ]
        },
    )
}

/// Writes `evidence.parquet`: one row per evidence record, by relation key and
/// then in the relation's own order (`seq`, from 0).
///
/// # Complexity
/// O(R log R) for the sort, then O(R + evidence).
pub fn write_evidence(w: &mut dyn Write, g: &KnowledgeGraph) -> io::Result<()> {
    struct B {
        relation: Int64Builder,
        seq: Int32Builder,
        source: StringBuilder,
        quote: StringBuilder,
        date: StringBuilder,
        date_start: Date32Builder,
        date_end: Date32Builder,
    }
    let mut b = B {
        relation: Int64Builder::new(),
        seq: Int32Builder::new(),
        source: StringBuilder::new(),
        quote: StringBuilder::new(),
        date: StringBuilder::new(),
        date_start: Date32Builder::new(),
        date_end: Date32Builder::new(),
    };
    let rows = sorted_relations(g)
        .into_iter()
        .enumerate()
        .flat_map(|(key, r)| {
            g.relation(r)
                .evidence()
                .iter()
                .enumerate()
                .map(move |(seq, e)| (key, seq, e))
        });
    write_rows(
        w,
        evidence_schema(),
        rows,
        &mut b,
        |b, (key, seq, e)| {
            b.relation.append_value(key as i64);
            b.seq.append_value(i32::try_from(seq).unwrap_or(i32::MAX));
            b.source.append_value(&*g.source(e.source).id);
            b.quote.append_option(e.quote.as_deref());
            b.date.append_option(e.date.map(|d| d.to_string()));
            b.date_start.append_option(e.date.map(days));
            b.date_end.append_option(e.date.map(|d| days(d.last_day())));
            Ok(())
        },
        |b| {
            vec![
                Arc::new(b.relation.finish()) as ArrayRef,
                Arc::new(b.seq.finish()),
                Arc::new(b.source.finish()),
                Arc::new(b.quote.finish()),
                Arc::new(b.date.finish()),
                Arc::new(b.date_start.finish()),
                Arc::new(b.date_end.finish()),
            ]
        },
    )
}

/// Writes `sources.parquet`: one row per source, in the graph's order, with the
/// fields kg JSON gives it (`kind` null for a background source, which says so
/// by `background`).
///
/// # Complexity
/// O(sources + their text), plus hashing each text for `sha256`.
pub fn write_sources(w: &mut dyn Write, g: &KnowledgeGraph) -> io::Result<()> {
    struct B {
        id: StringBuilder,
        title: StringBuilder,
        publisher: StringBuilder,
        date: StringBuilder,
        date_start: Date32Builder,
        date_end: Date32Builder,
        url: StringBuilder,
        kind: StringBuilder,
        background: BooleanBuilder,
        sha256: StringBuilder,
        text: StringBuilder,
    }
    let mut b = B {
        id: StringBuilder::new(),
        title: StringBuilder::new(),
        publisher: StringBuilder::new(),
        date: StringBuilder::new(),
        date_start: Date32Builder::new(),
        date_end: Date32Builder::new(),
        url: StringBuilder::new(),
        kind: StringBuilder::new(),
        background: BooleanBuilder::new(),
        sha256: StringBuilder::new(),
        text: StringBuilder::new(),
    };
    write_rows(
        w,
        sources_schema(),
        g.sources().map(|(_, s)| s),
        &mut b,
        |b, s| {
            b.id.append_value(&*s.id);
            b.title.append_option(s.title.as_deref());
            b.publisher.append_option(s.publisher.as_deref());
            b.date.append_option(s.date.map(|d| d.to_string()));
            b.date_start.append_option(s.date.map(days));
            b.date_end.append_option(s.date.map(|d| days(d.last_day())));
            b.url.append_option(s.url.as_deref());
            b.kind.append_option(
                s.kind
                    .filter(|&k| k != SourceKind::Background)
                    .map(SourceKind::name),
            );
            b.background.append_value(s.background);
            b.sha256
                .append_option(s.text.as_deref().map(crate::verbatim::sha256_hex));
            b.text.append_option(s.text.as_deref());
            Ok(())
        },
        |b| {
            vec![
                Arc::new(b.id.finish()) as ArrayRef,
                Arc::new(b.title.finish()),
                Arc::new(b.publisher.finish()),
                Arc::new(b.date.finish()),
                Arc::new(b.date_start.finish()),
                Arc::new(b.date_end.finish()),
                Arc::new(b.url.finish()),
                Arc::new(b.kind.finish()),
                Arc::new(b.background.finish()),
                Arc::new(b.sha256.finish()),
                Arc::new(b.text.finish()),
            ]
        },
    )
}

/// What writes one table of a graph.
pub type Writer = fn(&mut dyn Write, &KnowledgeGraph) -> io::Result<()>;

/// The writer of each file of [`FILES`], in that order.
pub fn writers() -> [Writer; 4] {
    [
        write_entities,
        write_relations,
        write_evidence,
        write_sources,
    ]
}
