package dev.switchboard.tools.restaurant;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/** Times the way a person says them on the phone, relative to now, in the store's time zone. */
final class SpokenTime {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

    private SpokenTime() {
    }

    /** {@code 6:45 PM today}, {@code 11:00 AM tomorrow}, {@code 11:00 AM Tuesday}. */
    static String of(ZonedDateTime time, ZonedDateTime now) {
        ZonedDateTime local = time.withZoneSameInstant(now.getZone());
        String clock = local.format(CLOCK);
        long days = local.toLocalDate().toEpochDay() - now.toLocalDate().toEpochDay();
        if (days == 0) {
            return clock + " today";
        }
        if (days == 1) {
            return clock + " tomorrow";
        }
        return clock + " " + local.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US)
                + (days > 6 ? " " + local.format(DateTimeFormatter.ofPattern("MMMM d", Locale.US)) : "");
    }

    /** {@code 6:45 PM}, or {@code 11:15 AM on Tue Mar 3} when not on {@code day}'s date: for a text message. */
    static String written(ZonedDateTime time, ZonedDateTime day) {
        ZonedDateTime local = time.withZoneSameInstant(day.getZone());
        String clock = local.format(CLOCK);
        return local.toLocalDate().equals(day.toLocalDate()) ? clock
                : clock + " on " + local.format(DateTimeFormatter.ofPattern("EEE MMM d", Locale.US));
    }

    /** Whole minutes from {@code now} to {@code time}, rounded up, never negative. */
    static long minutesUntil(ZonedDateTime time, ZonedDateTime now) {
        return Math.max(0, (Duration.between(now, time).getSeconds() + 59) / 60);
    }
}
