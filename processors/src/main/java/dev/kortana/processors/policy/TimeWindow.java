package dev.kortana.processors.policy;

import dev.kortana.contracts.TaskConstraints;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code when.time}: the decision falls on one of {@code days} and within {@code hours}, in {@code zone} (UTC when
 * left out). Hours run from the start (included) to the end (excluded); an end before the start wraps over midnight,
 * and days and hours are both read from the same local date-time (Saturday 02:00 is a Saturday).
 */
final class TimeWindow implements Condition {

    static final List<String> FIELDS = List.of("days", "hours", "zone");
    private static final Pattern HOURS = Pattern.compile("(\\d{1,2}):(\\d{2})-(\\d{1,2}):(\\d{2})");
    private static final int ALL_DAYS = 0b1111111;
    private static final int DAY_SECONDS = 86_400;

    private final ZoneRules zone;
    private final int dayMask;
    private final int startSecond;
    private final int endSecond;

    private TimeWindow(ZoneRules zone, int dayMask, int startSecond, int endSecond) {
        this.zone = zone;
        this.dayMask = dayMask;
        this.startSecond = startSecond;
        this.endSecond = endSecond;
    }

    /** Reads {@code when.time}; null when it holds nothing usable (the problems are reported). */
    static TimeWindow read(MappingReader time) {
        time.allowOnly(FIELDS);
        int before = time.problems().count();
        ZoneId zone = ZoneId.of("UTC");
        String zoneName = time.text("zone", "Europe/Berlin");
        if (zoneName != null) {
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                time.report("zone", "'" + zoneName + "' is not a time zone", "use a region id like Europe/Berlin or"
                        + " America/New_York, or an offset like +02:00");
            }
        }
        List<String> days = time.texts("days", "MON-FRI, SAT");
        int mask = days == null ? ALL_DAYS : dayMask(days, time);
        int[] hours = time.has("hours") ? hours(time) : new int[] {0, DAY_SECONDS};
        if (time.problems().count() > before || (days == null && !time.has("hours"))) {
            return null;
        }
        return new TimeWindow(zone.getRules(), mask, hours[0], hours[1]);
    }

    @Override
    public boolean matchesStep(StepFacts f, TaskConstraints task) {
        return contains(f.now());
    }

    @Override
    public boolean matchesModel(ModelFacts f, TaskConstraints task) {
        return contains(f.now());
    }

    boolean contains(Instant now) {
        long local = now.getEpochSecond() + zone.getOffset(now).getTotalSeconds();
        int day = (int) Math.floorMod(Math.floorDiv(local, DAY_SECONDS) + 3, 7); // 1970-01-01 was a Thursday: 3
        if ((dayMask & (1 << day)) == 0) {
            return false;
        }
        int second = (int) Math.floorMod(local, DAY_SECONDS);
        return startSecond < endSecond ? second >= startSecond && second < endSecond
                : second >= startSecond || second < endSecond;
    }

    private static int dayMask(List<String> days, MappingReader time) {
        int mask = 0;
        for (String entry : days) {
            String[] range = entry.toUpperCase(Locale.ROOT).split("-", -1);
            DayOfWeek first = day(range[0]);
            DayOfWeek last = range.length == 2 ? day(range[1]) : range.length == 1 ? first : null;
            if (first == null || last == null) {
                time.report("days", "'" + entry + "' is not a day or a range of days", "use MON, TUE, WED, THU, FRI,"
                        + " SAT, SUN or a range like MON-FRI");
                continue;
            }
            for (int d = first.ordinal(); ; d = (d + 1) % 7) {
                mask |= 1 << d;
                if (d == last.ordinal()) {
                    break;
                }
            }
        }
        return mask;
    }

    private static DayOfWeek day(String name) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(name) && name.length() == 3) {
                return d;
            }
        }
        return null;
    }

    private static int[] hours(MappingReader time) {
        String text = time.text("hours", "\"09:00-17:00\"");
        Matcher m = text == null ? null : HOURS.matcher(text.replace(" ", ""));
        if (m != null && m.matches()) {
            int start = clock(m.group(1), m.group(2));
            int end = clock(m.group(3), m.group(4));
            if (start >= 0 && end >= 0 && start < DAY_SECONDS && start != end) {
                return new int[] {start, end};
            }
        }
        if (text != null) {
            time.report("hours", "'" + text + "' is not a window of two different times", "write it like \"09:00-17:00\""
                    + " (24-hour clock, end excluded, 24:00 for midnight; \"22:00-06:00\" wraps over midnight)");
        }
        return new int[] {0, DAY_SECONDS};
    }

    /** Seconds after midnight of HH:MM, 24:00 included; -1 when out of range. */
    private static int clock(String hh, String mm) {
        int h = Integer.parseInt(hh);
        int min = Integer.parseInt(mm);
        boolean valid = min < 60 && (h < 24 || (h == 24 && min == 0));
        return valid ? h * 3600 + min * 60 : -1;
    }
}
