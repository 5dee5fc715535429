package io.tablecast.forecasting;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Built-in public-holiday calendars, as {@link ExternalEvent}s of kind HOLIDAY covering the local day:
 * {@code US} (federal holidays, observed on the nearest weekday) and {@code UK} (England and Wales bank holidays,
 * with substitute days). More calendars, or company-specific days, come in as events from outside.
 */
public final class HolidayCalendars {
    /** The calendars built in. */
    public static final List<String> NAMES = List.of("US", "UK");

    private HolidayCalendars() {}

    /**
     * The built-in calendars a comma-separated list names (spaces and case aside; empty: none).
     *
     * @throws IllegalArgumentException naming the first that is not built in
     */
    public static List<String> named(String names) {
        List<String> calendars = new ArrayList<>();
        for (String name : names.split(",")) {
            String calendar = name.trim().toUpperCase(Locale.ROOT);
            if (calendar.isEmpty()) {
                continue;
            }
            if (!NAMES.contains(calendar)) {
                throw new IllegalArgumentException("'" + name.trim() + "' is not a built-in calendar: use "
                        + String.join(", ", NAMES));
            }
            calendars.add(calendar);
        }
        return List.copyOf(calendars);
    }

    /** Holidays of the named calendars in the given years, as hours in the given zone. */
    public static List<ExternalEvent> holidays(List<String> calendars, int fromYear, int toYear, ZoneId zone) {
        List<ExternalEvent> events = new ArrayList<>();
        for (String calendar : calendars) {
            events.addAll(holidays(calendar, fromYear, toYear, zone));
        }
        return events;
    }

    /** Holidays of the named calendar ("US" or "UK") in the given years, as hours in the given zone. */
    public static List<ExternalEvent> holidays(String calendar, int fromYear, int toYear, ZoneId zone) {
        List<ExternalEvent> events = new ArrayList<>();
        for (int year = fromYear; year <= toYear; year++) {
            for (Holiday h : days(calendar, year)) {
                long start = h.date.atStartOfDay(zone).toEpochSecond() / 3600;
                long end = h.date.plusDays(1).atStartOfDay(zone).toEpochSecond() / 3600;
                events.add(new ExternalEvent(h.name, ExternalEvent.Kind.HOLIDAY, start, end, null, null));
            }
        }
        return events;
    }

    static List<Holiday> days(String calendar, int year) {
        switch (calendar.toUpperCase(Locale.ROOT)) {
            case "US":
                return us(year);
            case "UK":
                return uk(year);
            default:
                throw new IllegalArgumentException("unknown holiday calendar '" + calendar + "': use US or UK");
        }
    }

    static final class Holiday {
        final String name;
        final LocalDate date;

        Holiday(String name, LocalDate date) {
            this.name = name;
            this.date = date;
        }
    }

    private static List<Holiday> us(int year) {
        List<Holiday> d = new ArrayList<>();
        d.add(new Holiday("New Year's Day", observedUs(LocalDate.of(year, 1, 1))));
        d.add(new Holiday("Martin Luther King Jr. Day", nth(year, Month.JANUARY, DayOfWeek.MONDAY, 3)));
        d.add(new Holiday("Washington's Birthday", nth(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3)));
        d.add(new Holiday("Memorial Day", last(year, Month.MAY, DayOfWeek.MONDAY)));
        if (year >= 2021) {
            d.add(new Holiday("Juneteenth", observedUs(LocalDate.of(year, 6, 19))));
        }
        d.add(new Holiday("Independence Day", observedUs(LocalDate.of(year, 7, 4))));
        d.add(new Holiday("Labor Day", nth(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1)));
        d.add(new Holiday("Columbus Day", nth(year, Month.OCTOBER, DayOfWeek.MONDAY, 2)));
        d.add(new Holiday("Veterans Day", observedUs(LocalDate.of(year, 11, 11))));
        d.add(new Holiday("Thanksgiving Day", nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4)));
        d.add(new Holiday("Christmas Day", observedUs(LocalDate.of(year, 12, 25))));
        return d;
    }

    private static List<Holiday> uk(int year) {
        List<Holiday> d = new ArrayList<>();
        LocalDate easter = easterSunday(year);
        d.add(new Holiday("New Year's Day", nextWeekday(LocalDate.of(year, 1, 1))));
        d.add(new Holiday("Good Friday", easter.minusDays(2)));
        d.add(new Holiday("Easter Monday", easter.plusDays(1)));
        d.add(new Holiday("Early May bank holiday", nth(year, Month.MAY, DayOfWeek.MONDAY, 1)));
        d.add(new Holiday("Spring bank holiday", last(year, Month.MAY, DayOfWeek.MONDAY)));
        d.add(new Holiday("Summer bank holiday", last(year, Month.AUGUST, DayOfWeek.MONDAY)));
        LocalDate christmas = nextWeekday(LocalDate.of(year, 12, 25));
        d.add(new Holiday("Christmas Day", christmas));
        d.add(new Holiday("Boxing Day", nextWeekday(christmas.plusDays(1))));
        return d;
    }

    /** US federal rule: Saturday holidays are observed on Friday, Sunday ones on Monday. */
    private static LocalDate observedUs(LocalDate date) {
        switch (date.getDayOfWeek()) {
            case SATURDAY:
                return date.minusDays(1);
            case SUNDAY:
                return date.plusDays(1);
            default:
                return date;
        }
    }

    /** UK substitute day: a holiday on a weekend moves to the next weekday. */
    private static LocalDate nextWeekday(LocalDate date) {
        LocalDate d = date;
        while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
            d = d.plusDays(1);
        }
        return d;
    }

    private static LocalDate nth(int year, Month month, DayOfWeek day, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
    }

    private static LocalDate last(int year, Month month, DayOfWeek day) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.lastInMonth(day));
    }

    /** Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(year, month, day);
    }
}
