//! How long importing a 1,000-row shortlist takes: the sheet is generated here as .xlsx (title
//! rows, then the usual seven columns), then read, parsed, planned and applied into a new
//! competition file; the same rows saved by LibreOffice as .xls and .ods (`benches/data/`) are
//! read and parsed beside it. Prints the figures; run with
//! `cargo bench -p panelis-core --bench import`.

use panelis_core::model::NewCompetition;
use panelis_core::shortlist::{parse, read};
use panelis_core::Store;
use rust_xlsxwriter::Workbook;
use std::path::Path;
use std::time::{Duration, Instant};

const ROWS: u32 = 1_000;
const RUNS: usize = 10;

fn write_sheet(path: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "DAFTAR TOP 1000 INOVASI PELAYANAN PUBLIK")?;
    sheet.write_string(1, 0, "PROVINSI SULAWESI SELATAN")?;
    let headers = [
        "No",
        "Nama Inovasi",
        "Instansi",
        "Perangkat Daerah",
        "Kabupaten/Kota",
        "Inovator",
        "Kategori",
    ];
    for (col, name) in (0u16..).zip(headers) {
        sheet.write_string(3, col, name)?;
    }
    for i in 1..=ROWS {
        let row = 3 + i;
        sheet.write_number(row, 0, i)?;
        sheet.write_string(row, 1, format!("Inovasi Pelayanan Nomor {i}"))?;
        sheet.write_string(row, 2, format!("Pemerintah Kabupaten {}", i % 24))?;
        sheet.write_string(
            row,
            3,
            "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        )?;
        sheet.write_string(row, 4, format!("Kabupaten {}", i % 24))?;
        sheet.write_string(row, 5, format!("Dr. Inovator {i}, S.Kom., M.T."))?;
        sheet.write_string(row, 6, "Tata Kelola Pemerintahan")?;
    }
    book.save(path)
}

fn summary(label: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<38} median {:>8.2} ms   min {:>8.2} ms   max {:>8.2} ms",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let sheet_path = dir.path().join("top1000.xlsx");
    write_sheet(&sheet_path)?;
    println!(
        "import of {ROWS} rows from .xlsx ({} bytes), {RUNS} runs",
        std::fs::metadata(&sheet_path)?.len()
    );
    let mut parse_times = Vec::new();
    let mut total_times = Vec::new();
    for run in 0..RUNS {
        let start = Instant::now();
        let shortlist = parse(&read(&sheet_path)?, None)?;
        let parsed = start.elapsed();
        let entries = shortlist.new_entries();
        assert_eq!(entries.len(), ROWS as usize);
        let mut store = Store::create(
            &dir.path().join(format!("run{run}.panelis")),
            &NewCompetition {
                name: "Benchmark".into(),
                year: Some(2023),
                ..Default::default()
            },
        )?;
        let store_start = Instant::now();
        store.import_shortlist(&entries)?;
        total_times.push(parsed + store_start.elapsed());
        parse_times.push(parsed);
    }
    summary("read + parse (.xlsx -> entries)", &mut parse_times);
    summary("read + parse + import into the file", &mut total_times);
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data");
    for (format, name) in [
        (".xls", "top1000-libreoffice.xls"),
        (".ods", "top1000-libreoffice.ods"),
    ] {
        let path = data.join(name);
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let start = Instant::now();
            let shortlist = parse(&read(&path)?, None)?;
            times.push(start.elapsed());
            assert_eq!(shortlist.entries.len(), ROWS as usize);
        }
        let label = format!(
            "read + parse ({format}, {} bytes)",
            std::fs::metadata(&path)?.len()
        );
        summary(&label, &mut times);
    }
    Ok(())
}
