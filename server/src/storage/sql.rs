//! Raw statements written out by hand (the dashboard's figures and the roll-ups), with
//! their values bound in order in each engine's placeholder style.

use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement, Value};

/// A statement being written: its text and the values bound to it, in order.
pub struct Sql {
    pub backend: DatabaseBackend,
    pub text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(backend: DatabaseBackend) -> Sql {
        Sql {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    /// Binds a value and answers its placeholder (`$n` on PostgreSQL, `?n` on SQLite).
    pub fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        match self.backend {
            DatabaseBackend::Sqlite => format!("?{}", self.values.len()),
            _ => format!("${}", self.values.len()),
        }
    }

    /// Binds every value and answers their placeholders, comma-separated, for `IN (...)`.
    pub fn bind_all<T: Into<Value> + Clone>(&mut self, values: &[T]) -> String {
        let marks: Vec<String> = values.iter().map(|v| self.bind(v.clone())).collect();
        marks.join(", ")
    }

    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    pub fn statement(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

/// The plan the database chooses for a statement, one line per step: what
/// docs/PERFORMANCE.md quotes, printed by the dashboard benchmark.
pub async fn explain(db: &impl ConnectionTrait, mut sql: Sql) -> Result<Vec<String>, DbErr> {
    let (prefix, column) = match sql.backend {
        DatabaseBackend::Sqlite => ("EXPLAIN QUERY PLAN ", 3),
        _ => ("EXPLAIN ", 0),
    };
    sql.text.insert_str(0, prefix);
    db.query_all_raw(sql.statement())
        .await?
        .iter()
        .map(|row| row.try_get_by_index::<String>(column))
        .collect()
}
