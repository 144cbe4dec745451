/**
 * The run report: one self-contained HTML page per run (inline SVG charts, no external
 * assets) drawn from what the database recorded of the run.
 */
package io.nightscore.report;
