package dev.switchboard.tools.restaurant;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Opening hours from {@code data.hours}, in the use case's time zone: day name to its period, as in
 * {@code configs/restaurant.json}: {@code {"monday": {"open": "11:00", "close": "22:00"}, ...}}. A day may also
 * hold a list of periods (a lunch break), or text: {@code "11:00-14:00, 17:00-22:00"} or {@code "closed"}.
 * A period that closes at or before it opens runs past midnight and belongs to the day it opens on; a day that is
 * not listed is closed. Days may be written in full or as three letters.
 */
final class StoreHours {

    /** One stretch of opening time on a real date; adjacent periods are merged. */
    record Opening(ZonedDateTime start, ZonedDateTime end) {
    }

    private record Period(LocalTime open, LocalTime close) {
        boolean overnight() {
            return !close.isAfter(open);
        }
    }

    /** A look-ahead of a week and a day covers every weekly schedule. */
    private static final int DAYS_AHEAD = 8;

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Period>> week;

    private StoreHours(ZoneId zone, Map<DayOfWeek, List<Period>> week) {
        this.zone = zone;
        this.week = week;
    }

    static StoreHours from(DataSection data, String timeZone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new RestaurantConfigException("timeZone", "'" + timeZone + "' is not an IANA time zone");
        }
        DataSection hours = data.requiredSection("hours");
        Map<DayOfWeek, List<Period>> week = new EnumMap<>(DayOfWeek.class);
        for (var entry : hours.values().entrySet()) {
            String path = hours.path() + "." + entry.getKey();
            DayOfWeek day = day(path, entry.getKey());
            List<?> values = entry.getValue() instanceof List<?> list ? list : List.of(entry.getValue());
            List<Period> periods = new ArrayList<>();
            for (Object value : values) {
                if (value instanceof Map<?, ?> map) {
                    DataSection period = new DataSection(path, DataSection.cast(map));
                    periods.add(new Period(time(path + ".open", period.text("open", "")),
                            time(path + ".close", period.text("close", ""))));
                    continue;
                }
                for (String part : String.valueOf(value).split(",")) {
                    String trimmed = part.trim();
                    if (!trimmed.isEmpty() && !trimmed.equalsIgnoreCase("closed")) {
                        periods.add(period(path, trimmed));
                    }
                }
            }
            periods.sort(Comparator.comparing(Period::open));
            week.put(day, List.copyOf(periods));
        }
        return new StoreHours(zone, week);
    }

    ZoneId zone() {
        return zone;
    }

    /** The opening {@code time} falls in, its end extended over any period that starts exactly when it ends. */
    Optional<Opening> openingAt(ZonedDateTime time) {
        ZonedDateTime t = time.withZoneSameInstant(zone);
        for (Opening opening : openings(t.toLocalDate().minusDays(1), 2)) {
            if (!t.isBefore(opening.start()) && t.isBefore(opening.end())) {
                return Optional.of(opening);
            }
        }
        return Optional.empty();
    }

    /** The first opening that starts after {@code time}; empty when the store never opens in the next week. */
    Optional<Opening> nextOpeningAfter(ZonedDateTime time) {
        ZonedDateTime t = time.withZoneSameInstant(zone);
        return openings(t.toLocalDate(), DAYS_AHEAD).stream().filter(o -> o.start().isAfter(t)).findFirst();
    }

    /** Openings that start on {@code days} consecutive dates from {@code first}, merged where they touch. */
    private List<Opening> openings(LocalDate first, int days) {
        List<Opening> raw = new ArrayList<>();
        for (int i = 0; i < days + 1; i++) {
            LocalDate date = first.plusDays(i);
            for (Period p : week.getOrDefault(date.getDayOfWeek(), List.of())) {
                ZonedDateTime start = ZonedDateTime.of(date, p.open(), zone);
                ZonedDateTime end = ZonedDateTime.of(p.overnight() ? date.plusDays(1) : date, p.close(), zone);
                raw.add(new Opening(start, end));
            }
        }
        raw.sort(Comparator.comparing(Opening::start));
        List<Opening> merged = new ArrayList<>();
        for (Opening o : raw) {
            if (!merged.isEmpty() && !o.start().isAfter(merged.get(merged.size() - 1).end())) {
                Opening last = merged.remove(merged.size() - 1);
                merged.add(new Opening(last.start(), o.end().isAfter(last.end()) ? o.end() : last.end()));
            } else {
                merged.add(o);
            }
        }
        // openings starting on the extra day were only needed to merge into the ones before
        LocalDate stop = first.plusDays(days);
        return merged.stream().filter(o -> o.start().toLocalDate().isBefore(stop)).toList();
    }

    private static DayOfWeek day(String path, String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            String full = day.name().toLowerCase(Locale.ROOT);
            if (k.equals(full) || k.equals(full.substring(0, 3))) {
                return day;
            }
        }
        throw new RestaurantConfigException(path, "is not a day of the week (monday ... sunday)");
    }

    private static Period period(String path, String text) {
        String[] ends = text.split("-");
        if (ends.length != 2) {
            throw new RestaurantConfigException(path, "'" + text + "' must look like 11:00-22:00");
        }
        return new Period(time(path, ends[0]), time(path, ends[1]));
    }

    private static LocalTime time(String path, String text) {
        String t = text.trim();
        if (t.equals("24:00")) {
            return LocalTime.MIDNIGHT;
        }
        try {
            return LocalTime.parse(t.length() == 4 ? "0" + t : t);
        } catch (DateTimeException e) {
            throw new RestaurantConfigException(path, "'" + t + "' is not a time like 09:30");
        }
    }
}
