package io.nightscore.cli;

import java.sql.Timestamp;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.nightscore.OneLine;
import io.nightscore.output.RunHistoryRepository.RunDetail;
import io.nightscore.output.RunHistoryRepository.RunSummary;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that lists a run's fields, for the {@code runs} table, {@code runs show}
 * and their {@code --json}: add a field here and every output has it. Stateless.
 */
final class RunFields {

	/** A column of the {@code runs} table: its header, width and JSON name. */
	record Column(String header, int width, String json, Function<RunSummary, Object> value) {
	}

	static final List<Column> COLUMNS = List.of(new Column("RUN", 5, "run_id", RunSummary::runId),
			new Column("DATE", 10, "scoring_date", RunSummary::scoringDate),
			new Column("RERUN", 5, "rerun", RunSummary::rerun), new Column("STATUS", 10, "status", RunSummary::status),
			new Column("LIVE", 4, "live", (r) -> r.live() ? "*" : ""),
			new Column("ROWS", 10, "rows_committed", RunSummary::rowsCommitted),
			new Column("SCORED", 10, "rows_scored", RunSummary::rowsScored),
			new Column("REJECTS", 8, "rows_rejected", RunSummary::rowsRejected),
			new Column("ATTEMPTS", 8, "attempts", RunSummary::attempts),
			new Column("TIME", 9, "seconds", (r) -> (r.seconds() != null) ? "%.1f s".formatted(r.seconds()) : null),
			new Column("PRUNED", 6, "pruned", (r) -> r.pruned() ? "yes" : ""),
			new Column("MODEL", 22, "model_version", RunSummary::modelVersion));

	private RunFields() {
	}

	static String header() {
		return line(COLUMNS.stream().map((column) -> (Object) column.header()).toList());
	}

	static String row(RunSummary run) {
		return line(COLUMNS.stream().map((column) -> column.value().apply(run)).toList());
	}

	/** One run's summary as JSON fields ({@code live} a boolean there). */
	static Map<String, Object> json(RunSummary run) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (Column column : COLUMNS) {
			fields.put(column.json(), column.value().apply(run));
		}
		fields.put("live", run.live());
		fields.put("pruned", run.pruned());
		fields.put("published", run.published());
		fields.put("seconds", run.seconds());
		return fields;
	}

	/** Everything about one run, as JSON fields. */
	static Map<String, Object> json(RunDetail run) {
		Map<String, Object> fields = json(run.summary());
		Map<String, Object> recorded = plain(run.recorded());
		Object snapshot = recorded.remove("input_snapshot");
		Object statistics = recorded.remove("statistics");
		fields.put("recorded", recorded);
		fields.put("model", plain(run.model()));
		fields.put("options", run.options());
		fields.put("input_snapshot", (snapshot != null) ? JsonMapper.shared().readTree((String) snapshot) : null);
		fields.put("statistics", (statistics != null) ? JsonMapper.shared().readTree((String) statistics) : null);
		fields.put("executions", run.attempts().stream().map(RunFields::plain).toList());
		fields.put("rejects_by_reason", run.rejects().stream().map(RunFields::plain).toList());
		return fields;
	}

	/** Timestamps as ISO text, nested lists of maps likewise. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> plain(Map<String, Object> values) {
		Map<String, Object> plain = new LinkedHashMap<>();
		values.forEach((key, value) -> plain.put(key, plainValue(value)));
		return plain;
	}

	@SuppressWarnings("unchecked")
	private static Object plainValue(Object value) {
		if (value instanceof Timestamp timestamp) {
			return timestamp.toLocalDateTime().toString();
		}
		if (value instanceof Temporal || value instanceof java.sql.Date) {
			return value.toString();
		}
		if (value instanceof java.sql.Array array) {
			try {
				return List.of((Object[]) array.getArray());
			}
			catch (java.sql.SQLException ex) {
				return String.valueOf(array);
			}
		}
		if (value instanceof Map<?, ?> map) {
			return plain((Map<String, Object>) map);
		}
		if (value instanceof List<?> list) {
			List<Object> plain = new ArrayList<>();
			list.forEach((each) -> plain.add(plainValue(each)));
			return plain;
		}
		return value;
	}

	/**
	 * A value as a terminal should show it ({@link OneLine}): a file name, feature name
	 * or message from the run's records can neither move the cursor nor forge a line.
	 */
	static String shown(Object value) {
		return OneLine.escaped(String.valueOf(value));
	}

	private static String line(List<Object> values) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < COLUMNS.size(); i++) {
			Column column = COLUMNS.get(i);
			String text = (values.get(i) != null) ? shown(values.get(i)) : "-";
			boolean numeric = values.get(i) instanceof Number;
			line.append(numeric ? padLeft(text, column.width()) : padRight(text, column.width()));
			line.append((i < COLUMNS.size() - 1) ? "  " : "");
		}
		return line.toString().stripTrailing();
	}

	private static String padLeft(String text, int width) {
		return (text.length() >= width) ? text : " ".repeat(width - text.length()) + text;
	}

	private static String padRight(String text, int width) {
		return (text.length() >= width) ? text : text + " ".repeat(width - text.length());
	}

}
