# The section G checklist of each draft in progress, as Markdown for a job summary.
# Input: the JSON of `pipeline status --format json`. Used by workflows/pull-request.yml.
def steps: [
  ["collected", "G3", "Bahan website dikumpulkan"],
  ["selected",  "G4", "Foto diseleksi dan disunting (keterangan dan teks alternatif)"],
  ["narrated",  "G5", "Narasi ditulis (formulir FM/AS/31/04)"],
  ["corrected", "G6", "Seleksi dan narasi diperiksa dan dikoreksi"],
  ["approved",  "G6", "Disetujui Kasubag PTIP lewat review pull request"],
  ["published", "G7", "Diterbitkan di website"]
];
def done($status): (steps | map(.[0]) | index($status)) // -1;

[.[] | select(.status != "published")] as $drafts
| "## Daftar periksa SOP bagian G", "",
  (if ($drafts | length) == 0 then "Tidak ada draf yang sedang dikerjakan.", "" else empty end),
  ($drafts[] | done(.status) as $n | . as $d
    | "### `\($d.id)`: \($d.title)", "",
      (steps | to_entries[] | "- [\(if .key <= $n then "x" else " " end)] **\(.value[1])** \(.value[2])"),
      (if $d.overdue then "",
         "> Melewati standar waktu SOP: \($d.elapsed_minutes) menit di langkah `\($d.working_on)` (standar \($d.standard_minutes) menit)."
       else empty end),
      (if ($d.problem // "") != "" then "", "> Draf tidak dapat dibaca: \($d.problem)" else empty end),
      "")
