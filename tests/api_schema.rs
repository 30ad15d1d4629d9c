//! The SQLite and PostgreSQL migration trees build the same schema: after migrating both, the
//! tables, their columns in order (type normalised: integer or text), nullability, primary
//! keys, and the explicitly created indexes (by name, table and columns) are equal. Runs when
//! PostgreSQL is reachable (required with `DUTYDESK_REQUIRE_PG=1`, as the other PG tests).

mod common;

use std::collections::BTreeMap;

use dutydesk::config::Config;
use dutydesk::store::Store;
use sqlx::Row;

/// One column as both engines can describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    name: String,
    /// `integer` or `text` (SQLite's INTEGER and PostgreSQL's BIGINT/BIGSERIAL are one type
    /// here: both hold 64-bit integers).
    kind: String,
    not_null: bool,
}

/// One table: its columns in declaration order and its primary key's columns in key order.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Table {
    columns: Vec<Column>,
    primary_key: Vec<String>,
}

/// Tables by name, and created indexes by name as `(table, columns in order)`.
#[derive(Debug, PartialEq, Eq)]
struct Schema {
    tables: BTreeMap<String, Table>,
    indexes: BTreeMap<String, (String, Vec<String>)>,
}

fn normalised(declared: &str) -> String {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" | "bigserial" | "int8" => "integer".into(),
        "text" => "text".into(),
        other => format!("unexpected type {other}"),
    }
}

/// The migrator's own table differs by design and is not part of the schema.
const MIGRATOR_TABLE: &str = "_sqlx_migrations";

async fn sqlite_schema(store: &Store) -> Schema {
    let pool = store.pool();
    let names: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> $1 ORDER BY name",
    )
    .bind(MIGRATOR_TABLE)
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect();
    let mut schema = Schema { tables: BTreeMap::new(), indexes: BTreeMap::new() };
    for t in names {
        // Table names come from sqlite_master, not from input.
        let rows =
            sqlx::query(&format!("SELECT name, type, \"notnull\", pk FROM pragma_table_info('{t}') ORDER BY cid"))
                .fetch_all(pool)
                .await
                .unwrap();
        let mut keys: Vec<(i64, String)> = Vec::new();
        let mut columns = Vec::new();
        for r in &rows {
            let name: String = r.get(0);
            let pk: i64 = r.get(3);
            if pk > 0 {
                keys.push((pk, name.clone()));
            }
            // A primary-key column is never null on PostgreSQL; SQLite reports it as nullable
            // unless declared NOT NULL, but its INTEGER PRIMARY KEY is the never-null rowid.
            let not_null = r.get::<i64, _>(2) == 1 || pk > 0;
            columns.push(Column { name, kind: normalised(&r.get::<String, _>(1)), not_null });
        }
        keys.sort();
        let indexes = sqlx::query(&format!("SELECT name FROM pragma_index_list('{t}') WHERE origin = 'c'"))
            .fetch_all(pool)
            .await
            .unwrap();
        for i in indexes {
            let index: String = i.get(0);
            let cols = sqlx::query(&format!("SELECT name FROM pragma_index_info('{index}') ORDER BY seqno"))
                .fetch_all(pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            schema.indexes.insert(index, (t.clone(), cols));
        }
        schema.tables.insert(t, Table { columns, primary_key: keys.into_iter().map(|(_, c)| c).collect() });
    }
    schema
}

async fn postgres_schema(store: &Store) -> Schema {
    let pool = store.pool();
    let mut schema = Schema { tables: BTreeMap::new(), indexes: BTreeMap::new() };
    let columns = sqlx::query(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_nullable::text \
         FROM information_schema.columns c JOIN information_schema.tables t \
         ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> $1 \
         ORDER BY c.table_name, c.ordinal_position",
    )
    .bind(MIGRATOR_TABLE)
    .fetch_all(pool)
    .await
    .unwrap();
    for r in &columns {
        let table: String = r.get(0);
        let entry = schema.tables.entry(table).or_insert(Table { columns: Vec::new(), primary_key: Vec::new() });
        let nullable: String = r.get(3);
        entry.columns.push(Column {
            name: r.get(1),
            kind: normalised(&r.get::<String, _>(2)),
            not_null: nullable == "NO",
        });
    }
    let keys = sqlx::query(
        "SELECT k.table_name::text, k.column_name::text FROM information_schema.table_constraints c \
         JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema \
         AND k.constraint_name = c.constraint_name \
         WHERE c.table_schema = 'public' AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.table_name, k.ordinal_position",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for r in &keys {
        if let Some(t) = schema.tables.get_mut(&r.get::<String, _>(0)) {
            t.primary_key.push(r.get(1));
        }
    }
    // Indexes created by CREATE INDEX: those that back no constraint (primary key, unique).
    let indexes = sqlx::query(
        "SELECT ic.relname::text, tc.relname::text, a.attname::text FROM pg_index ix \
         JOIN pg_class ic ON ic.oid = ix.indexrelid JOIN pg_class tc ON tc.oid = ix.indrelid \
         JOIN pg_namespace n ON n.oid = tc.relnamespace \
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) \
         JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = k.attnum \
         WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = ix.indexrelid) \
         ORDER BY ic.relname, k.ord",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for r in &indexes {
        let entry = schema.indexes.entry(r.get(0)).or_insert_with(|| (r.get(1), Vec::new()));
        entry.1.push(r.get(2));
    }
    schema
}

#[tokio::test]
async fn sqlite_and_postgres_migrations_build_the_same_schema() {
    let Some((url, name)) = common::fresh_pg_url().await else { return };
    let config = Config::builtin();
    let dir = tempfile::tempdir().unwrap();
    let lite = Store::open(dir.path().join("s.db").to_str().unwrap(), &config.server).await.unwrap();
    let pg = Store::open(&url, &config.server).await.unwrap();
    let (a, b) = (sqlite_schema(&lite).await, postgres_schema(&pg).await);
    pg.close().await;
    common::drop_pg_db(&name).await;
    assert!(a.tables.len() >= 14 && a.indexes.len() >= 14, "the schema was read: {a:?}");
    let names = |s: &Schema| s.tables.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "tables (SQLite, PostgreSQL)");
    for (table, t) in &a.tables {
        assert_eq!(Some(t), b.tables.get(table), "table {table} (SQLite, PostgreSQL)");
    }
    assert_eq!(a.indexes, b.indexes, "indexes (SQLite, PostgreSQL)");
    assert!(a.tables.values().flat_map(|t| &t.columns).all(|c| !c.kind.starts_with("unexpected")), "{a:?}");
}
