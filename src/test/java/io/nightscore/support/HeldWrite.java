package io.nightscore.support;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Makes nightscore wait inside one of its transactions, at a write the test chooses,
 * until the test {@linkplain #release() releases} it: a trigger that polls a gate table.
 * A test kills, stops or races a run at that exact point, deterministically, and sees it
 * waiting with {@link Backends#sleeping(String)}.
 */
public final class HeldWrite {

	private static final JdbcTemplate jdbc = TestDatabase.jdbc();

	private HeldWrite() {
	}

	/**
	 * Hold the first write to {@code table} ({@code INSERT} or {@code UPDATE}) whose row
	 * matches {@code condition}, e.g. {@code NEW.source_row = 1700}. Migrates the test
	 * schema first.
	 */
	public static void install(String table, String event, String condition) {
		TestDatabase.migrate();
		jdbc.execute("CREATE TABLE held_write_gate (open boolean NOT NULL)");
		jdbc.execute("INSERT INTO held_write_gate VALUES (false)");
		jdbc.execute("""
				CREATE FUNCTION held_write() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
					WHILE NOT (SELECT open FROM held_write_gate) LOOP PERFORM pg_sleep(0.05); END LOOP;
					RETURN NEW;
				END $$""");
		jdbc.execute("CREATE TRIGGER held_write BEFORE " + event + " ON " + table + " FOR EACH ROW WHEN (" + condition
				+ ") EXECUTE FUNCTION held_write()");
	}

	/** Let the held write, and any later one, go on. */
	public static void release() {
		jdbc.update("UPDATE held_write_gate SET open = true");
	}

	/** Remove the trigger, so that the next attempt runs unhindered. */
	public static void remove() {
		jdbc.execute("DROP FUNCTION held_write() CASCADE");
		jdbc.execute("DROP TABLE held_write_gate");
	}

}
