"""Reference tables (companies, regions, date-code formats): package data read through analysis.resources."""
