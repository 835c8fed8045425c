package dev.kortana.config;

/**
 * Something wrong with the configuration, named so that it can be fixed without reading code.
 *
 * @param key     the setting (or the file, flag or variable) at fault
 * @param source  where the value came from
 * @param problem what is wrong
 * @param fix     what to do
 */
public record ConfigProblem(String key, String source, String problem, String fix) {

    @Override
    public String toString() {
        return key + " (" + source + "): " + problem + "; " + fix;
    }
}
