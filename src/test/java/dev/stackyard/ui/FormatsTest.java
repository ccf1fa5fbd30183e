package dev.stackyard.ui;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How figures read, as tables. */
class FormatsTest {

    @ParameterizedTest
    @CsvSource({"0,<1m", "59,<1m", "60,1m", "125,2m", "3599,59m", "3600,1h 00m", "7380,2h 03m",
            "86399,23h 59m", "86400,1d 00h", "277200,3d 05h", "-1,''"})
    void uptime(long seconds, String expected) {
        assertEquals(expected, Formats.uptime(Duration.ofSeconds(seconds)));
    }

    @ParameterizedTest
    @CsvSource({"0,0 B", "1023,1023 B", "1024,1 KiB", "831488,812 KiB", "7759462,7.4 MiB", "12582912,12.0 MiB",
            "157286400,150 MiB", "1288490189,1.2 GiB", "-1,''"})
    void bytes(long bytes, String expected) {
        assertEquals(expected, Formats.bytes(bytes));
    }

    @ParameterizedTest
    @CsvSource({"0,0.0 %", "3.24,3.2 %", "99.94,99.9 %", "148.2,148 %", "-1,''", "NaN,''"})
    void cpu(double percent, String expected) {
        assertEquals(expected, Formats.cpu(percent));
    }
}
