package dev.kortana.processors.intake;

/**
 * One thing wrong with a submitted task.
 *
 * @param field   JSON path of the field, e.g. {@code /constraints/maxCostUsd}; {@code /} for the whole document
 * @param problem what is wrong
 * @param fix     what to do about it
 */
public record FieldProblem(String field, String problem, String fix) {}
