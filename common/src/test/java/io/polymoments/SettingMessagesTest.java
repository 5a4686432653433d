package io.polymoments;

import static io.polymoments.InvalidInputException.setting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** Messages name settings by API name; each interface spells them its own way, and wrapping keeps the marks. */
class SettingMessagesTest {

    @Test
    void theMessageSpellsSettingsByTheirApiNamesUnlessRenderedOtherwise() {
        InvalidInputException e = new InvalidInputException(setting("maxIter") + " must be >= 1, got 0; or set "
                + setting("rank") + " auto");
        assertEquals("maxIter must be >= 1, got 0; or set rank auto", e.getMessage());
        assertEquals("--MAXITER must be >= 1, got 0; or set --RANK auto",
                e.render(n -> "--" + n.toUpperCase(java.util.Locale.ROOT)));
        assertFalse(e.getMessage().chars().anyMatch(c -> c < 0x20), "no marks reach the plain message");
    }

    @Test
    void aWrappedMessageKeepsItsSettingsMarked() {
        InvalidInputException inner = new InvalidInputException(setting("hidden") + " 9 is out of range");
        InvalidInputException outer = new InvalidInputException("input data.parquet: " + inner.template(), inner);
        assertEquals("input data.parquet: <hidden> 9 is out of range", outer.render(n -> "<" + n + ">"));
    }

    @Test
    void aMessageWithoutSettingsIsUnchanged() {
        assertEquals("plain $1 \\ text", new InvalidInputException("plain $1 \\ text").render(n -> "x"));
    }
}
