"""Development part of the privacy corpus: court news written for these tests (fictitious people).

CLEAN: whole articles that must pass (judges, mediators, officials with titles, case
numbers with their judges, parties by initials, places that look like names).
PLANTS: (kind, sentence, exact span of the personal data); `build.py` puts each into a
clean article and writes corpus.jsonl with the span's offsets.
"""

CLEAN = [
    """Payakumbuh - Usai sidang isbat nikah terpadu, peserta mengikuti tausiyah yang disampaikan Buya H. Marzuki Yahya, Lc. Dalam tausiyahnya ia mengajak pasangan meneladani rumah tangga Rasulullah dan Siti Khadijah, serta kesetiaan Ali bin Abi Thalib dan Fatimah Az-Zahra.

Kegiatan berlangsung di Masjid Agung Syekh Burhanuddin dan ditutup dengan doa bersama. Peserta kemudian menerima buku nikah dari KUA.""",
    """Bukittinggi - Sidang perkara cerai gugat Nomor 318/Pdt.G/2025/PA.Bkt diperiksa oleh majelis hakim yang terdiri dari Ahmad Yusri dan Rina Susanti sebagai hakim anggota, dengan ketua majelis Hj. Desmaniar, M.H.

Sidang berlangsung tertutup untuk umum karena menyangkut perkara perceraian. Kantor Pengadilan Agama Bukittinggi beralamat di Jalan Sudirman No. 5, Kelurahan Aur Kuning, Kota Bukittinggi.""",
    """Padang - Kapolresta Padang, Kombes Pol. Apri Wibowo, S.I.K., M.H., bersama Dandim 0312/Padang, Letkol Inf Rudi Hartono, menghadiri rapat koordinasi pengamanan eksekusi harta bersama yang dipimpin Ketua PA Padang.

Wakil Ketua DPRD Kota Padang, Mastilizal Aye, turut hadir. Rapat sepakat bahwa eksekusi dilaksanakan dengan pendekatan persuasif. Lokasi objek eksekusi berada tidak jauh dari Jembatan Siti Nurbaya.""",
    # sidang
    """Payakumbuh, Senin 3 November 2025 - Pengadilan Agama Payakumbuh menggelar sidang perkara cerai gugat Nomor 412/Pdt.G/2025/PA.Pyk di Ruang Sidang Utama. Sidang dipimpin oleh Ketua Majelis Drs. H. Zulkifli Anwar, M.H. didampingi Hakim Anggota Rahmi Yuliani, S.H.I., M.H. dan Muhammad Fadhil, S.Sy., serta Panitera Pengganti Yusra Efendi, S.H.

Dalam persidangan tersebut Penggugat dan Tergugat hadir secara langsung. Majelis hakim kembali menasihati kedua belah pihak agar mempertimbangkan keutuhan rumah tangga mereka sebelum pemeriksaan dilanjutkan.

Sidang ditunda hingga Senin pekan depan dengan agenda pembuktian. (rm)""",
    """Bukittinggi - Sidang lanjutan perkara harta bersama Nomor 1021/Pdt.G/2025/PA.Bkt kembali digelar pada Rabu (12/11/2025). Majelis hakim yang diketuai YM. Dra. Hj. Nurhayati Syam, M.H. memeriksa dua orang saksi yang diajukan oleh pihak Penggugat.

Kedua saksi memberikan keterangan di bawah sumpah di hadapan majelis. Para pihak yang disebut dengan inisial JAM dan MAH hadir didampingi kuasa hukum masing-masing.

Humas PA Bukittinggi, Riki Saputra, S.H., menyampaikan bahwa perkara tersebut ditargetkan selesai dalam lima bulan sesuai SEMA Nomor 2 Tahun 2014.""",
    """Batusangkar, Kamis 6 November 2025 - Pengadilan Agama Batusangkar memutus perkara waris Nomor 233/Pdt.G/2025/PA.Bsk. Putusan dibacakan oleh Ketua Majelis Hakim Ahmad Syaukani, S.Ag., M.H. dengan Hakim Anggota Dr. Fitriani Rasyid, M.Ag. dan Zulhendri, S.H.I.

Majelis menetapkan bagian masing-masing ahli waris sesuai ketentuan Kompilasi Hukum Islam. Para pihak, yaitu para Penggugat dan para Tergugat, menerima putusan tersebut.

Perkara ini sebelumnya telah melalui proses mediasi yang dipandu oleh Hakim Mediator Drs. Masrizal, M.H., namun tidak berhasil mencapai kesepakatan.""",
    # mediasi
    """Padang - Mediasi perkara Nomor 235/Pdt.G/2025/PA.Pdg dipandu oleh Hakim Mediator Ridwan Fariz Maulana, S.H. di ruang mediasi Pengadilan Agama Padang Kelas IA, Selasa (4/11/2025).

Mediasi berhasil sebagian: kedua pihak sepakat mengenai nafkah anak dan hak asuh, sementara pokok perkara diserahkan kepada majelis hakim. Mediator mengapresiasi itikad baik Penggugat dan Tergugat yang hadir tepat waktu.

Sepanjang Oktober 2025, PA Padang mencatat 38 perkara yang berhasil dimediasi, naik dibandingkan bulan sebelumnya.""",
    """Tanjung Pati - Keberhasilan mediasi kembali diraih Pengadilan Agama Tanjung Pati. Perkara cerai talak Nomor 77/Pdt.G/2025/PA.Tjp yang dimediasi oleh mediator non hakim Dra. Yusnidar, M.Pd. berakhir damai pada Jumat, 7 November 2025.

Pemohon dan Termohon sepakat untuk rukun kembali dan mencabut permohonan. Ketua Pengadilan Agama Tanjung Pati, Dr. H. Syafrudin Nasution, S.H.I., M.A., menyampaikan apresiasi atas kerja keras mediator.

"Perdamaian adalah putusan terbaik bagi keluarga," ujar beliau.""",
    """Sleman - Pengadilan Agama Sleman mencatat tingkat keberhasilan mediasi sebesar 21 persen pada triwulan III tahun 2025. Hal tersebut disampaikan Wakil Ketua PA Sleman, Hj. Sri Mulyani, S.H., M.H. dalam rapat evaluasi kinerja.

Beberapa perkara, di antaranya perkara Nomor 1877/Pdt.G/2025/PA.Smn dan 1902/Pdt.G/2025/PA.Smn, berakhir dengan kesepakatan perdamaian. Mediasi dipandu hakim mediator bersertifikat, antara lain Dra. Hj. Siti Zulaikha, M.H. dan Drs. Muh. Arifin, S.H.""",
    # isbat nikah terpadu
    """Payakumbuh, Rabu 19 November 2025 - Pengadilan Agama Payakumbuh bersama Pemerintah Kota Payakumbuh, Kementerian Agama dan Dinas Kependudukan dan Pencatatan Sipil menggelar sidang isbat nikah terpadu di Aula Kantor Wali Kota Payakumbuh.

Sebanyak 42 pasangan mengikuti sidang yang dipimpin oleh hakim tunggal secara bergantian. Setelah penetapan dibacakan, pasangan langsung menerima buku nikah dari Kantor Urusan Agama dan kartu keluarga serta KTP dari Disdukcapil.

Wali Kota Payakumbuh, Zulmaeta, menyampaikan terima kasih kepada Pengadilan Agama Payakumbuh. "Layanan terpadu ini sangat membantu masyarakat kami," ujarnya.""",
    """Lima Puluh Kota - Sidang isbat nikah terpadu di Kabupaten Lima Puluh Kota diikuti 35 pasangan suami istri dari Kecamatan Harau, Guguak dan Situjuah Limo Nagari. Kegiatan berlangsung di Masjid Raya Nurul Iman, Sarilamak.

Bupati Lima Puluh Kota, Safaruddin Dt. Bandaro Rajo, membuka kegiatan secara resmi didampingi Kepala Kantor Kementerian Agama Kabupaten Lima Puluh Kota, H. Amril, S.Ag., M.Pd.I. Sidang dipimpin tiga majelis hakim dari Pengadilan Agama Tanjung Pati.

Para peserta menerima penetapan, buku nikah, dan akta kelahiran anak pada hari yang sama.""",
    """Makassar - Pengadilan Agama Makassar bekerja sama dengan Pemerintah Kota Makassar melaksanakan isbat nikah terpadu bagi 120 pasangan di Gedung Balai Kota Makassar, Kamis (20/11/2025).

Ketua PA Makassar, Dr. Drs. H. Muhammad Yusuf Ali, M.H., menjelaskan bahwa perkara isbat nikah diajukan secara kolektif dan diperiksa oleh enam majelis hakim. Seluruh perkara terdaftar dengan nomor Pdt.P dan diputus pada hari itu juga.

Kepala Dinas Dukcapil Kota Makassar, Andi Rahmat, S.STP., M.Si., menyatakan pihaknya menerbitkan kartu keluarga baru bagi seluruh peserta.""",
    # sidang keliling
    """Lubuk Sikaping - Pengadilan Agama Lubuk Sikaping melaksanakan sidang di luar gedung pengadilan (sidang keliling) di Kantor Wali Nagari Rao, Kecamatan Rao, Kabupaten Pasaman, Selasa (11/11/2025).

Sebanyak 18 perkara disidangkan, terdiri dari cerai gugat, cerai talak, isbat nikah dan dispensasi kawin. Sidang dipimpin oleh Hakim Fadli Rahman, S.H.I., M.H. dengan Panitera Pengganti Desi Anggraini, S.H.

Wali Nagari Rao, Syahrial Dt. Rajo Mudo, menyambut baik kegiatan ini karena masyarakat tidak perlu menempuh perjalanan jauh ke Lubuk Sikaping.""",
    """Painan - Sidang keliling Pengadilan Agama Painan kembali menyapa masyarakat Kecamatan Lunang, Kabupaten Pesisir Selatan. Kegiatan dilaksanakan di Balai Nagari Lunang Tengah pada Kamis, 13 November 2025.

Majelis hakim yang bertugas yaitu Hakim Nofrizal, S.H.I. sebagai hakim tunggal, didampingi Panitera Pengganti Elfi Yanti, S.H. dan Jurusita Pengganti Andika Putra. Perkara yang diperiksa sebagian besar merupakan perkara isbat nikah.

Camat Lunang, Drs. Hendri Gusnadi, mengapresiasi pelayanan yang cepat dan ramah.""",
    # pembinaan
    """Padang - Ketua Pengadilan Tinggi Agama Padang, Dr. Drs. H. Abd. Hakim, M.H.I., melaksanakan pembinaan kepada hakim dan pegawai Pengadilan Agama Pariaman, Jumat (14/11/2025). Pembinaan berlangsung di Ruang Sidang Utama PA Pariaman.

Dalam arahannya, KPTA menekankan pentingnya integritas, disiplin kerja serta pelayanan prima kepada masyarakat pencari keadilan. Beliau juga mengingatkan agar minutasi perkara diselesaikan tepat waktu.

Turut hadir Panitera PTA Padang, Drs. Syafri Amrul, M.H., dan Kepala Bagian Umum dan Keuangan, Yulianis, S.E., M.M.""",
    """Bukittinggi - Hakim Tinggi Pengawas Daerah PTA Padang, Dra. Hj. Rosmaniar, M.H., melakukan pembinaan dan pengawasan di Pengadilan Agama Bukittinggi selama dua hari, 17 dan 18 November 2025.

Pemeriksaan meliputi administrasi perkara, keuangan perkara, pelayanan PTSP dan pengelolaan aplikasi SIPP. Ketua PA Bukittinggi, Drs. Hasbi Ash Shiddiqi, M.H., menyampaikan komitmen untuk menindaklanjuti seluruh temuan.

Kegiatan ditutup dengan penandatanganan berita acara di ruang rapat pimpinan.""",
    # eksekusi
    """Solok - Pengadilan Agama Solok melaksanakan eksekusi pengosongan objek harta bersama berdasarkan putusan Nomor 88/Pdt.G/2023/PA.Slk yang telah berkekuatan hukum tetap, Rabu (5/11/2025). Eksekusi dipimpin oleh Panitera PA Solok, Afrizal, S.H., M.H. dan dilaksanakan oleh Jurusita Fauzan Hakim.

Pelaksanaan eksekusi berlangsung aman dengan pengamanan dari Polres Solok. Objek yang dieksekusi berupa sebidang tanah dan bangunan di Kecamatan Lubuk Sikarah, Kota Solok.

Pemohon eksekusi dan Termohon eksekusi hadir selama proses berlangsung.""",
    """Sawahlunto - Juru sita Pengadilan Agama Sawahlunto melaksanakan sita eksekusi atas objek sengketa waris Nomor 51/Pdt.G/2024/PA.Swl pada Senin, 10 November 2025. Kegiatan disaksikan oleh Wali Nagari setempat dan aparat kepolisian.

Panitera PA Sawahlunto, Hj. Nelmawati, S.H., menjelaskan bahwa sita eksekusi dilakukan setelah termohon tidak melaksanakan putusan secara sukarela meskipun telah diberikan teguran (aanmaning).""",
    # e-court sosialisasi
    """Payakumbuh - Pengadilan Agama Payakumbuh menggelar sosialisasi e-Court dan e-Litigasi kepada advokat dan masyarakat di Ruang PTSP, Kamis (6/11/2025). Materi disampaikan oleh Panitera Muda Gugatan, Yulia Fitriani, S.H., dan operator e-Court, Fajar Hidayat, A.Md.

Peserta diperkenalkan dengan pendaftaran perkara secara elektronik, pembayaran panjar biaya perkara melalui virtual account, hingga persidangan elektronik. Informasi lebih lanjut dapat diperoleh melalui telepon (0752) 7970992 atau surel pa.payakumbuh@pta-padang.go.id.

Kantor PA Payakumbuh beralamat di Jln. Soekarno - Hatta No. 214, Payakumbuh.""",
    """Bandung - Dalam rangka meningkatkan pemahaman masyarakat terhadap layanan elektronik, Pengadilan Agama Bandung mengadakan sosialisasi Gugatan Mandiri dan e-Court di Gedung Sate, Rabu (12/11/2025).

Narasumber kegiatan, Hakim PA Bandung Dr. Agus Suryana, S.H.I., M.H., menjelaskan bahwa pendaftaran perkara kini dapat dilakukan dari rumah. Pengguna terdaftar dapat memantau jadwal sidang melalui aplikasi SIPP dan mobile app e-Berpadu.

Kegiatan dihadiri perwakilan Dinas Komunikasi dan Informatika Kota Bandung serta Posbakum.""",
    # pelantikan
    """Padang - Ketua Pengadilan Tinggi Agama Padang melantik dan mengambil sumpah jabatan Ketua Pengadilan Agama Maninjau, Drs. Syamsul Bahri, M.H., dan Wakil Ketua Pengadilan Agama Sijunjung, Nurul Hidayah, S.H.I., M.H., Senin (3/11/2025) di Aula PTA Padang.

Pelantikan berdasarkan Keputusan Direktur Jenderal Badan Peradilan Agama Nomor 1234/DJA/KP.04.6/SK/X/2025. Acara dihadiri para Ketua Pengadilan Agama se-Sumatera Barat dan Dharmayukti Karini.

Dalam sambutannya, KPTA berpesan agar pejabat yang dilantik menjaga amanah dan integritas.""",
    """Payakumbuh - Ketua Pengadilan Agama Payakumbuh, Ahmad Fauzi, S.Ag., M.H., melantik Panitera Pengganti dan Jurusita Pengganti baru di Ruang Sidang Utama, Jumat (21/11/2025). Pejabat yang dilantik yaitu Panitera Pengganti Rahmat Hidayat, S.H. dan Jurusita Pengganti Syafitri Ramadhani, S.E.

Pengambilan sumpah disaksikan oleh Sekretaris Hendra Saputra, S.H. dan seluruh pegawai. Ketua berpesan agar para pejabat bekerja dengan jujur dan profesional.""",
    # rapat, ptsp, kegiatan lain
    """Payakumbuh - Seluruh pegawai Pengadilan Agama Payakumbuh mengikuti rapat evaluasi kinerja bulan Oktober 2025 di Ruang Rapat, Senin (3/11/2025). Rapat dipimpin Ketua PA Payakumbuh dan diikuti Wakil Ketua, para hakim, pejabat struktural dan fungsional.

Kasubag PTIP, Dewi Kartika, S.T., memaparkan capaian pengelolaan website dan aplikasi. Sebanyak 211 perkara diterima pada bulan Oktober, dengan 198 perkara telah diputus.

Rapat ditutup dengan doa bersama yang dipimpin oleh Hakim Drs. H. Azwar Efendi.""",
    """Tanah Datar - Pengadilan Agama Batusangkar menerima kunjungan Komisi Yudisial Penghubung Sumatera Barat pada Selasa (18/11/2025). Rombongan dipimpin Koordinator Penghubung KY Sumbar, Firman Jaya, S.H., M.H.

Kunjungan membahas pemantauan persidangan dan sosialisasi pedoman perilaku hakim. Ketua PA Batusangkar, Dr. Hj. Elvi Yunita, S.H.I., M.A., menyambut rombongan di ruang rapat pimpinan.""",
    """Payakumbuh - Dalam rangka Hari Ulang Tahun Mahkamah Agung RI ke-80, Pengadilan Agama Payakumbuh mengadakan donor darah bekerja sama dengan PMI Kota Payakumbuh di Aula PA Payakumbuh, Kamis (14/8/2025).

Sebanyak 47 kantong darah berhasil dikumpulkan dari pegawai, advokat dan masyarakat sekitar Jalan Soekarno-Hatta. Kegiatan dilanjutkan dengan senam bersama dan jalan sehat keliling Kota Payakumbuh.""",
    """Banda Aceh - Mahkamah Syar'iyah Banda Aceh menggelar sidang perkara jinayat dan ahwal al-syakhshiyah secara elektronik. Ketua MS Banda Aceh, Dr. Teuku Mahdi, S.H.I., M.H., mengatakan bahwa 70 persen perkara kini didaftarkan melalui e-Court.

Perkara Nomor 901/Pdt.G/2025/MS.Bna tentang cerai gugat, misalnya, diputus secara elektronik oleh majelis yang diketuai Drs. Zakaria, M.H. Para pihak menerima salinan putusan melalui domisili elektronik.""",
    """Payakumbuh - Pengadilan Agama Payakumbuh melaksanakan Jumat Berkah dengan membagikan nasi kotak kepada pengguna layanan dan masyarakat sekitar Masjid Raya Payakumbuh. Kegiatan dikoordinasikan oleh Sekretaris PA Payakumbuh.

Selain itu, PA Payakumbuh juga menyerahkan bantuan kepada Panti Asuhan Aisyiyah Kota Payakumbuh. Bantuan diterima langsung oleh pengurus panti asuhan.""",
    """Pariaman - Posbakum Pengadilan Agama Pariaman melayani 312 pengguna layanan sepanjang triwulan III 2025. Advokat Posbakum, Yose Rizal, S.H., menjelaskan bahwa sebagian besar konsultasi berkaitan dengan pembuatan surat gugatan cerai dan permohonan dispensasi kawin.

Layanan Posbakum gratis bagi masyarakat tidak mampu. Masyarakat cukup membawa surat keterangan tidak mampu dari kelurahan atau desa setempat.""",
    """Bukittinggi - Pengadilan Agama Bukittinggi meraih predikat Wilayah Bebas dari Korupsi (WBK) dari Kementerian PANRB. Penghargaan diserahkan oleh Menteri PANRB kepada Ketua PA Bukittinggi di Jakarta, Rabu (10/12/2025).

Ketua PA Bukittinggi menyampaikan bahwa capaian ini merupakan hasil kerja keras seluruh aparatur, mulai dari hakim, panitera, jurusita, hingga tenaga honorer. Ia berharap predikat ini menjadi motivasi menuju Wilayah Birokrasi Bersih dan Melayani (WBBM).""",
    """Payakumbuh - Sebanyak 24 mahasiswa Fakultas Syariah UIN Mahmud Yunus Batusangkar mengikuti magang di Pengadilan Agama Payakumbuh mulai Senin (1/9/2025). Mahasiswa diterima oleh Wakil Ketua PA Payakumbuh, Dr. Hj. Rosdiana, M.Ag.

Selama dua bulan, para mahasiswa akan mempelajari administrasi perkara, teknik persidangan dan pembuatan putusan. Dosen pembimbing lapangan, Dr. Ikhwan Matondang, M.A., berharap kegiatan ini memperkuat pemahaman praktik hukum acara peradilan agama.""",
    """Padang Panjang - Pengadilan Agama Padang Panjang menandatangani nota kesepahaman dengan Pemerintah Kota Padang Panjang tentang pencegahan perkawinan anak. Penandatanganan dilakukan oleh Ketua PA Padang Panjang, Muhammad Ridha, S.H.I., M.H., dan Wali Kota Padang Panjang, Hendri Arnis.

Kerja sama meliputi konseling pranikah bagi pemohon dispensasi kawin dan sosialisasi bahaya perkawinan usia anak di sekolah-sekolah.""",
    """Payakumbuh - Hakim Pengadilan Agama Payakumbuh menjadi narasumber pada kegiatan penyuluhan hukum di Kantor Urusan Agama Kecamatan Payakumbuh Utara. Materi disampaikan oleh Hakim Dra. Yusmaniar, M.H. tentang hukum perkawinan dan kewarisan.

Kepala KUA Kecamatan Payakumbuh Utara, H. Mukhtar Lubis, Lc., menyampaikan terima kasih dan berharap kegiatan serupa dapat digelar secara rutin bagi calon pengantin.""",
    """Padang - Pengadilan Tinggi Agama Padang menggelar rapat koordinasi dengan seluruh Pengadilan Agama se-Sumatera Barat tentang percepatan penyelesaian perkara. Rapat berlangsung di Hotel Pangeran Beach, Jalan Ir. H. Juanda, Padang, Selasa (25/11/2025).

Wakil Ketua PTA Padang, Dr. H. Bahrul Amzah, M.H., menekankan agar sisa perkara tahun 2025 tidak melebihi lima persen. Sekretaris PTA Padang, Ahmad Junaidi, S.Ag., M.H., memaparkan realisasi anggaran DIPA.""",
    """Payakumbuh - Pengadilan Agama Payakumbuh menerima perkara permohonan asal usul anak dan perwalian dengan jumlah meningkat pada tahun ini. Panitera PA Payakumbuh, Drs. Syofyan, M.H., menjelaskan bahwa masyarakat semakin sadar pentingnya pencatatan status anak.

Perkara-perkara tersebut diperiksa dengan tetap menjaga kerahasiaan identitas anak dan para pihak, sesuai pedoman Mahkamah Agung. Dalam pemberitaan, pihak hanya disebut dengan inisial, misalnya pemohon S.A. dan termohon R.M.""",
    """Batusangkar - Sidang pembacaan putusan perkara dispensasi kawin Nomor 145/Pdt.P/2025/PA.Bsk digelar tertutup untuk umum pada Rabu (19/11/2025). Hakim tunggal, Fitri Handayani, S.H.I., M.H., mengabulkan permohonan setelah mendengar keterangan anak dan calon suaminya.

Hakim juga memberikan nasihat kepada para pemohon tentang risiko perkawinan usia anak, didampingi konselor dari Dinas Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Tanah Datar.""",
    """Payakumbuh - Tim Pengadilan Agama Payakumbuh mengikuti lomba video inovasi pelayanan publik tingkat PTA Padang. Video berjudul "Sapa Pencari Keadilan" menampilkan layanan antrean daring dan ruang laktasi.

Video tersebut dibuat oleh tim humas yang terdiri dari Rina Marlina, S.Kom., Fajar Hidayat, A.Md., dan Gusnawati. Pengumuman pemenang akan disampaikan pada bulan Desember 2025.""",
    """Solok Selatan - Pengadilan Agama Muara Labuh melaksanakan sidang keliling di Kantor Camat Sangir, Kabupaten Solok Selatan. Sebanyak 14 perkara isbat nikah dan 6 perkara cerai diperiksa oleh Hakim Dedi Suhendra, S.H.I. dan Hakim Rizka Amelia, S.H.

Camat Sangir, Yulnida, S.Sos., berterima kasih atas kehadiran PA Muara Labuh di tengah masyarakat Sangir, Lubuk Gadang dan Bidar Alam.""",
    """Payakumbuh - Pengadilan Agama Payakumbuh mengikuti upacara peringatan Hari Kesaktian Pancasila di Lapangan Poliko, Payakumbuh, Rabu (1/10/2025). Upacara dipimpin oleh Wali Kota Payakumbuh sebagai inspektur upacara.

Usai upacara, pimpinan PA Payakumbuh mengikuti ramah tamah bersama Forkopimda di Balai Kota Payakumbuh, Jalan Sudirman.""",
]

# kind, the sentence, the exact personal data in it (more than one span: a list)
PLANTS = [
    ("name", "Gugatan itu diajukan oleh Rosmaini Yusuf setelah suaminya pergi tanpa kabar.", "Rosmaini Yusuf"),
    ("name", "Nurhayati mengajukan gugatan cerai karena merasa ditelantarkan.", "Nurhayati"),
    ("party", "Dalam persidangan, kuasa hukum Penggugat, Hendra Wijaya, S.H., menyerahkan bukti surat; Penggugat Yulia Rahmi tidak hadir.", "Yulia Rahmi"),
    ("witness", "Saksi dari pihak Tergugat yakni Zulkifli Amri menerangkan hal yang berbeda.", "Zulkifli Amri"),
    # e-mail
    ("email", "Kuasa Penggugat meminta salinan putusan dikirim ke rosmawati.amir@gmail.com.", "rosmawati.amir@gmail.com"),
    ("email", "Pihak yang keberatan dapat menghubungi anaknya di alamat surel andi_saputra88@yahoo.co.id.", "andi_saputra88@yahoo.co.id"),
    ("email", "Dokumen perdamaian dikirim oleh termohon melalui nurlela.kasim@outlook.com sehari sebelumnya.", "nurlela.kasim@outlook.com"),
    ("email", "Pemohon mengaku pernah menerima surat elektronik dari fikri.ramadhan@hotmail.com yang berisi ancaman.", "fikri.ramadhan@hotmail.com"),
    ("email", "Tergugat tidak membalas pesan ke budisantoso1979@gmail.com yang dikirim jurusita.", "budisantoso1979@gmail.com"),
    ("email", "Untuk berkas tambahan, penggugat memakai alamat yulia.f.putri@protonmail.com.", "yulia.f.putri@protonmail.com"),
    # phone
    ("phone", "Penggugat yang dapat dihubungi di nomor 0812 - 6634 - 1030 menyatakan siap hadir.", "0812 - 6634 - 1030"),
    ("phone", "Termohon dapat dihubungi melalui WhatsApp +62 813-7455-2190.", "+62 813-7455-2190"),
    ("phone", "Nomor HP pemohon, 085274561234, tercantum dalam surat permohonan.", "085274561234"),
    ("phone", "Keluarga tergugat menyampaikan nomor 0821.7788.9911 kepada jurusita.", "0821.7788.9911"),
    ("phone", "Pemohon meninggalkan nomor 62 811 6602 345 di loket PTSP.", "62 811 6602 345"),
    ("phone", "Jurusita menghubungi termohon di nomor (0751) 44 55 67 namun tidak diangkat.", "(0751) 44 55 67"),
    ("phone", "Hubungi penggugat di 0853-6512-77 89 untuk konfirmasi jadwal.", "0853-6512-77 89"),
    # NIK
    ("nik", "Identitas Penggugat dengan NIK 13.11.03.600391.0001 telah dicocokkan dengan KTP aslinya.", "13.11.03.600391.0001"),
    ("nik", "Termohon tercatat dengan nomor induk kependudukan 1376024507880002.", "1376024507880002"),
    ("nik", "Data pemohon, NIK 1306 0512 0390 0003, sesuai dengan kartu keluarga.", "1306 0512 0390 0003"),
    ("nik", "Nomor KTP tergugat 137503-150885-0004 dicantumkan dalam relaas panggilan.", "137503-150885-0004"),
    ("nik", "Petugas Dukcapil memverifikasi NIK 3273.0141.1092.0005 milik salah satu peserta.", "3273.0141.1092.0005"),
    ("nik", "Dalam berkas, tercantum NIK istri 1371-0362-0795-0001 dan NIK suami.", "1371-0362-0795-0001"),
    # case number + name in the same paragraph, no other cue
    ("case", "Dalam perkara Nomor 512/Pdt.G/2025/PA.Pyk, majelis akhirnya mengabulkan gugatan Rina Oktaviani.", "Rina Oktaviani"),
    ("case", "Perkara 77/Pdt.G/2025/PA.Bkt diputus verstek. Hendra Gunawan tidak pernah hadir meski telah dipanggil secara patut.", "Hendra Gunawan"),
    ("case", "Majelis juga memeriksa perkara 1310/Pdt.G/2025/PA.Pdg yang diajukan Novita Sari terhadap suaminya.", "Novita Sari"),
    ("case", "Yusri Mardiah yang berperkara dengan Nomor 244/Pdt.G/2025/PA.Slk menangis saat putusan dibacakan.", "Yusri Mardiah"),
    ("case", "Perkara Nomor 19/Pdt.P/2025/PA.Tjp tentang isbat nikah Arman Sulaiman dan istrinya dikabulkan.", "Arman Sulaiman"),
    ("case", "Pada perkara 611/Pdt.G/2025/PA.Pyk, gugatan diajukan sejak Agustus. Majelis mendengar keterangan Desmawati Lubis tentang nafkah yang tidak diberikan.", "Desmawati Lubis"),
    ("case", "Putusan Nomor 903/Pdt.G/2025/PA.Bsk menyatakan perkawinan Syafrizal Hamid dengan istrinya putus karena perceraian.", "Syafrizal Hamid"),
    # party term + name
    ("party", "Dalam perkara ini pemohon, yakni Ibu Rosmawati, hadir sendiri tanpa kuasa hukum.", "Ibu Rosmawati"),
    ("party", "Pemohon yaitu Ahmad Syafii menyatakan tetap pada permohonannya.", "Ahmad Syafii"),
    ("party", "Penggugatnya, Sri Wahyuni, menyatakan keberatan atas jawaban tergugat.", "Sri Wahyuni"),
    ("party", "Pembanding Budi Santoso mengajukan memori banding melalui e-Court.", "Budi Santoso"),
    ("party", "Terbanding, Siti Rahmah, telah menerima pemberitahuan pernyataan banding.", "Siti Rahmah"),
    ("party", "Tergugat Dewi Sartika tidak hadir meskipun telah dipanggil secara resmi dan patut.", "Dewi Sartika"),
    ("party", "Penggugat Rekonvensi atas nama Yudi Pratama menuntut nafkah iddah.", "Yudi Pratama"),
    ("party", "Pemohon II bernama Nurhasanah menyampaikan bahwa pernikahan dilakukan secara siri.", "Nurhasanah"),
    ("party", "Majelis juga mendengar keterangan Turut Tergugat, Sdr. Hendrik Saputra.", "Sdr. Hendrik Saputra"),
    ("party", "Pelawan (Mulyadi) menyatakan objek sengketa bukan harta bersama.", "Mulyadi"),
    ("party", "Termohon: Lukman Hakim tidak mengajukan jawaban tertulis.", "Lukman Hakim"),
    ("party", "Sementara itu, Andi Kurniawan selaku Tergugat menolak seluruh dalil gugatan.", "Andi Kurniawan"),
    # bin/binti names, no party term
    ("bin", "Salah seorang yang mengikuti sidang, Rahmat Hidayat bin Sulaiman, mengaku lega setelah menerima penetapan.", "Rahmat Hidayat bin Sulaiman"),
    ("bin", "Tampak hadir Siti Aminah binti Ahmad yang datang bersama keluarganya dari Jorong Koto Tuo.", "Siti Aminah binti Ahmad"),
    ("bin", "Nama Marlis binti Kasim dipanggil pertama oleh petugas.", "Marlis binti Kasim"),
    ("bin", "Menurut Jufri bin Daud, ia telah menikah secara agama sejak 1998.", "Jufri bin Daud"),
    ("bin", "Di antara yang menerima buku nikah adalah Nurbaiti Binti Sanusi.", "Nurbaiti Binti Sanusi"),
    ("bin", "Usai sidang, Yasir bin Abdullah menyampaikan terima kasih kepada majelis hakim.", "Yasir bin Abdullah"),
    ("bin", "Penetapan untuk Erizal bin M. Nur dibacakan paling akhir.", "Erizal bin M. Nur"),
    # private full name where initials or a role are required
    ("name", "Salah satu peserta, Rahmat Fauzan, mengaku senang karena pernikahannya kini tercatat resmi.", "Rahmat Fauzan"),
    ("name", "Pasangan Jasman Effendi dan Yusnita menikah siri sejak 2009 dan kini memperoleh penetapan isbat nikah.", "Jasman Effendi dan Yusnita"),
    ("name", "Usai putusan cerai dibacakan, Melati Kusuma mengaku akan fokus membesarkan anak-anaknya.", "Melati Kusuma"),
    ("name", "Warga Kecamatan Harau, Nofri Hendra (54), menyebut layanan ini menghemat biaya.", "Nofri Hendra"),
    ("name", "Menurut Ibu Rahmiati, mantan suaminya tidak pernah memberikan nafkah sejak 2021.", "Ibu Rahmiati"),
    ("name", "Mantan istrinya, Vera Anggraini, juga hadir di ruang sidang.", "Vera Anggraini"),
    ("name", "Sengketa waris keluarga almarhum Hasan Basri akhirnya berakhir damai di ruang mediasi.", "Hasan Basri"),
    # home address
    ("address", "Penggugat beralamat di Jalan Melati No. 12 RT 02 RW 03 Kelurahan Tanjung Pauh, Kota Payakumbuh.", "Jalan Melati No. 12 RT 02 RW 03 Kelurahan Tanjung Pauh"),
    ("address", "Termohon bertempat tinggal di Jorong Padang Kuning, Nagari Situjuah Batua, Kabupaten Lima Puluh Kota.", "Jorong Padang Kuning, Nagari Situjuah Batua"),
    ("address", "Pemohon berdomisili di Gg. Kenanga II Nomor 5, Kelurahan Koto Panjang, Kota Padang.", "Gg. Kenanga II Nomor 5, Kelurahan Koto Panjang"),
    ("address", "Tergugat kini tinggal di Perumahan Griya Asri Blok C-7, RT 004/RW 011, Kota Bukittinggi.", "Perumahan Griya Asri Blok C-7, RT 004/RW 011"),
    ("address", "Menurut relaas, alamat tergugat di Dusun Sungai Limau RT.03/RW.01, Desa Lubuk Basung, tidak ditemukan.", "Dusun Sungai Limau RT.03/RW.01, Desa Lubuk Basung"),
    ("address", "Pemohon yang beralamat di Jl. Sudirman No. 45 RT 01, Kelurahan Bunian, Kecamatan Payakumbuh Utara datang sendiri.", "Jl. Sudirman No. 45 RT 01, Kelurahan Bunian, Kecamatan Payakumbuh Utara"),
    ("address", "Ia merupakan warga RT 05 RW 02 Kelurahan Air Tawar Barat yang mengajukan gugatan cerai.", "RT 05 RW 02 Kelurahan Air Tawar Barat"),
    # parents named
    ("parents", "Anak tersebut merupakan anak dari pasangan Syafrizal dan Yusniar yang menikah secara siri.", "Syafrizal dan Yusniar"),
    ("parents", "Ia adalah putri dari Bapak Zainal Arifin dan Ibu Nurlela.", "Bapak Zainal Arifin dan Ibu Nurlela"),
    ("parents", "Pemohon dispensasi kawin adalah ayah kandungnya, Darwis Maulana.", "Darwis Maulana"),
    ("parents", "Calon pengantin merupakan putra dari Erwin Syahputra dan Mardiah.", "Erwin Syahputra dan Mardiah"),
    ("parents", "Kedua orang tuanya, Hamdan dan Rosita, ikut memberikan keterangan.", "Hamdan dan Rosita"),
    ("parents", "Anak kandung dari pasangan Arif Budiman dan Fitri Ramadhani itu kini tinggal bersama neneknya.", "Arif Budiman dan Fitri Ramadhani"),
    # a child's name in a custody case
    ("child", "Majelis menetapkan hak asuh anak bernama Zahra Aulia kepada ibunya.", "Zahra Aulia"),
    ("child", "Hak asuh kedua anaknya, Muhammad Rizki dan Aisyah Putri, diberikan kepada Penggugat.", "Muhammad Rizki dan Aisyah Putri"),
    ("child", "Dalam perkara hadhanah ini, anak yang diperebutkan yaitu Nayla Salsabila berusia enam tahun.", "Nayla Salsabila"),
    ("child", "Anaknya, Rafi Alfarizi, kini tinggal bersama kakeknya di Padang.", "Rafi Alfarizi"),
    ("child", "Hakim mendengar keterangan anak, Keisha Ramadhani, di ruang ramah anak.", "Keisha Ramadhani"),
    ("child", "Pemeliharaan anak bernama Daffa Pratama (8 tahun) ditetapkan kepada ayahnya.", "Daffa Pratama"),
    # witnesses
    ("witness", "Saksi bernama Hendri Gusnadi menerangkan bahwa keduanya sering bertengkar.", "Hendri Gusnadi"),
    ("witness", "Saksi-saksi yang dihadirkan Penggugat yaitu Yanti Susanti dan Rudi Hartono.", "Yanti Susanti dan Rudi Hartono"),
    ("witness", "Saksi pertama, Asman Datuk Rajo, merupakan paman Penggugat.", "Asman Datuk Rajo"),
    ("witness", "Keterangan saksi Nelly Marlina menguatkan dalil permohonan.", "Nelly Marlina"),
    ("witness", "Majelis memeriksa dua orang saksi, masing-masing Syamsul Rizal dan Erni Yusnita.", "Syamsul Rizal dan Erni Yusnita"),
    ("witness", "Sebagai saksi, Mukhlis Effendi mengaku mengetahui pernikahan tersebut.", "Mukhlis Effendi"),
]
