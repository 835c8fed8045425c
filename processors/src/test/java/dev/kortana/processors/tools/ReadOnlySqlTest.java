package dev.kortana.processors.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReadOnlySqlTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT id, name FROM items WHERE id = :id",
        "with recent AS (SELECT * FROM items WHERE created_at > now() - interval '1 day') SELECT count(*) FROM recent",
        "VALUES (1, 'one'), (2, 'two')",
        "TABLE items",
        "(SELECT 1) UNION (SELECT 2)",
        "SELECT 1;",
        "SELECT 1 ;  \n\t -- done\n /* really */ ",
        "SELECT substring(name FROM 1 FOR 3) FROM items"})
    void acceptsOneReadingStatement(String sql) {
        assertThat(ReadOnlySql.problem(sql)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 'DELETE' AS word",
        "SELECT 'it''s; DROP TABLE t' AS word",
        "SELECT E'\\' DELETE FROM t' AS escaped",
        "SELECT \"update\", \"Insert\" FROM t",
        "SELECT updated_at, created_by, inserted FROM t -- drop table t",
        "SELECT 1 /* DELETE /* nested */ still a comment; DROP */ AS one",
        "SELECT $$INSERT INTO t VALUES (1)$$",
        "SELECT $body$ ; DELETE $$ FROM t $body$ AS quoted",
        "SELECT x FROM t WHERE name = :delete",
        "SELECT set_config_name, reset_at, do_it FROM t"})
    void ignoresKeywordsInsideLiteralsNamesCommentsAndIdentifiers(String sql) {
        assertThat(ReadOnlySql.problem(sql)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "INSERT INTO t VALUES (1)                                     | INSERT",
        "UPDATE t SET name = 'x'                                      | UPDATE",
        "delete from t                                                | DELETE",
        "CREATE TABLE t (id int)                                      | CREATE",
        "DROP TABLE t                                                 | DROP",
        "ALTER TABLE t ADD COLUMN x int                               | ALTER",
        "TRUNCATE t                                                   | TRUNCATE",
        "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x        | DELETE inside a WITH",
        "WITH x AS (INSERT INTO t VALUES (1) RETURNING id) SELECT 1   | INSERT inside a WITH",
        "SELECT 1; DROP TABLE t                                       | DROP",
        "SELECT * INTO new_t FROM t                                   | INTO (SELECT INTO creates a table)",
        "SELECT * FROM t FOR UPDATE                                   | FOR UPDATE",
        "SELECT * FROM t FOR SHARE                                    | FOR SHARE",
        "SELECT * FROM t FOR NO KEY UPDATE                            | FOR NO KEY UPDATE",
        "SELECT * FROM t FOR KEY SHARE                                | FOR KEY SHARE",
        "COPY t TO '/tmp/out'                                         | COPY",
        "SET search_path = evil                                       | SET",
        "BEGIN                                                        | BEGIN",
        "SELECT 1into t                                               | INTO",
        "SELECT comment FROM reviews                                  | \"comment\""})
    void refusesWritesAndControlNamingTheKeyword(String sql, String named) {
        assertThat(ReadOnlySql.problem(sql)).hasValueSatisfying(problem -> assertThat(problem)
                .contains(named)
                .contains("sql tools only read"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "SELECT 1; SELECT 2          | more than one statement (SELECT follows ';')",
        "SELECT 1;; -- twice         | more than one statement (; follows ';')",
        "EXPLAIN SELECT 1            | starts with EXPLAIN",
        "SHOW search_path            | starts with SHOW",
        "'SELECT'                    | starts with 'SELECT'",
        "-- only a comment           | only comments",
        "SELECT 'open                | unterminated string literal starting at character 8",
        "SELECT \"open               | unterminated quoted name",
        "SELECT 1 /* open /* */      | unterminated /* comment",
        "SELECT $x$ open $y$         | unterminated dollar-quoted string $x$"})
    void refusesWhatIsNotExactlyOneReadingStatement(String sql, String expected) {
        assertThat(ReadOnlySql.problem(sql)).hasValueSatisfying(problem -> assertThat(problem).contains(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void refusesAnEmptyStatement(String sql) {
        assertThat(ReadOnlySql.problem(sql)).hasValueSatisfying(problem -> assertThat(problem).startsWith("sql is empty"));
        assertThat(ReadOnlySql.problem(null)).hasValueSatisfying(problem -> assertThat(problem).startsWith("sql is empty"));
    }
}
