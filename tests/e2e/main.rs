//! The end-to-end suite: each test launches the real app under Xvfb through WebDriver.
//! One test at a time (the app and WebKit are heavy on two cores): the harness runs with
//! `--test-threads=1` from the README's test command.

mod backups;
mod ballot_keys;
mod decision;
mod file_gone;
mod files;
mod lan_host;
mod lan_station;
mod launch;
mod live;
mod overview;
mod panel;
mod paper_sheets;
mod results;
mod schedule;
mod scoring;
mod shortlist;
mod startup;
mod venue_time;
