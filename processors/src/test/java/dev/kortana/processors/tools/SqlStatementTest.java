package dev.kortana.processors.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlStatementTest {

    @Test
    void turnsNamedParametersIntoPlaceholdersInOrder() {
        SqlStatement statement = SqlStatement.parse("stock", "SELECT * FROM items WHERE sku = :sku AND qty > :min_qty");

        assertThat(statement.jdbcSql()).isEqualTo("SELECT * FROM items WHERE sku = ? AND qty > ?");
        assertThat(statement.names()).containsExactly("sku", "min_qty");
    }

    @Test
    void readsAParameterFollowedByACastAsParameterThenCast() {
        SqlStatement statement = SqlStatement.parse("stock", "SELECT :id::int, created_at::date FROM t WHERE x = :x::text");

        assertThat(statement.jdbcSql()).isEqualTo("SELECT ?::int, created_at::date FROM t WHERE x = ?::text");
        assertThat(statement.names()).containsExactly("id", "x");
    }

    @Test
    void leavesColonsInsideLiteralsNamesAndCommentsAlone() {
        String sql = "SELECT ':x', E'\\':y', $$:z$$, \":w\" FROM t -- :v\n WHERE a = :a /* :u */";

        SqlStatement statement = SqlStatement.parse("t", sql);

        assertThat(statement.names()).containsExactly("a");
        assertThat(statement.jdbcSql()).isEqualTo("SELECT ':x', E'\\':y', $$:z$$, \":w\" FROM t -- :v\n WHERE a = ? /* :u */");
    }

    @Test
    void bindsARepeatedParameterAtEachPlace() {
        SqlStatement statement = SqlStatement.parse("t", "SELECT * FROM t WHERE a = :q OR b = :q OR c = :other");

        assertThat(statement.jdbcSql()).isEqualTo("SELECT * FROM t WHERE a = ? OR b = ? OR c = ?");
        assertThat(statement.bind(Map.of("q", "x", "other", 3))).containsExactly("x", "x", 3);
    }

    @Test
    void doublesAQuestionMarkTheStatementHoldsSoTheDriverKeepsIt() {
        SqlStatement statement = SqlStatement.parse("t", "SELECT meta ? 'colour', '?' FROM t WHERE id = :id");

        assertThat(statement.jdbcSql()).isEqualTo("SELECT meta ?? 'colour', '?' FROM t WHERE id = ?");
    }

    @Test
    void leavesOutAFinalSemicolon() {
        assertThat(SqlStatement.parse("t", "SELECT :a ;  -- end\n").jdbcSql()).isEqualTo("SELECT ?");
    }

    @Test
    void takesNeitherAnArraySliceBoundNorANamedFunctionArgumentForAParameter() {
        SqlStatement statement = SqlStatement.parse("t", "SELECT arr[1:2], f(a := 1) FROM t");

        assertThat(statement.names()).isEmpty();
    }

    @Test
    void missingArgumentIsAToolFailureNamingArgumentAndTool() {
        SqlStatement statement = SqlStatement.parse("stock", "SELECT * FROM items WHERE sku = :sku");

        assertThatThrownBy(() -> statement.bind(Map.of("other", 1)))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("argument 'sku' is required by the statement of tool stock");
    }

    @Test
    void bindsNullForAnArgumentGivenAsNull() {
        Map<String, Object> args = new HashMap<>();
        args.put("sku", null);

        assertThat(SqlStatement.parse("stock", "SELECT :sku").bind(args)).containsExactly((Object) null);
    }

    @Test
    void bindsStringsNumbersAndBooleansWithBigIntegersAsDecimals() {
        SqlStatement statement = SqlStatement.parse("t", "SELECT :s, :i, :d, :b, :big");

        assertThat(statement.bind(Map.of("s", "x", "i", 7L, "d", 1.5, "b", true, "big", BigInteger.TEN)))
                .containsExactly("x", 7L, 1.5, true, new BigDecimal(BigInteger.TEN));
    }

    @Test
    void refusesObjectAndArrayArgumentsNamingThem() {
        SqlStatement statement = SqlStatement.parse("stock", "SELECT :filter");

        assertThatThrownBy(() -> statement.bind(Map.of("filter", Map.of("a", 1))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'filter' of tool stock")
                .hasMessageContaining("not an object");
        assertThatThrownBy(() -> statement.bind(Map.of("filter", List.of(1, 2))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("not an array");
    }

    @Test
    void unterminatedLiteralIsAToolFailureNamingTheTool() {
        assertThatThrownBy(() -> SqlStatement.parse("stock", "SELECT 'open"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("tool stock: sql has an unterminated string literal");
    }
}
