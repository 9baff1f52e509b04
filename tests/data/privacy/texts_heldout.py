"""Held-out part of the privacy corpus: evaluated only after the rules were tuned on texts_dev.py.

Written in other styles (regional news sites, longer quotes, other courts) with other
names and phrasings than the development part. Fictitious people.
"""

CLEAN = [
    """PAYAKUMBUH - Suasana Ruang Sidang Cakra Pengadilan Agama Payakumbuh tampak ramai pagi itu. Sebanyak 27 perkara dijadwalkan untuk disidangkan, sebagian besar perkara cerai gugat yang diajukan secara elektronik.

"Kami terus mendorong masyarakat memanfaatkan e-Court," kata Wakil Ketua PA Payakumbuh, Dr. Hj. Rosdiana, M.Ag., saat ditemui usai memimpin sidang perkara Nomor 655/Pdt.G/2025/PA.Pyk.

Ia menambahkan, para pihak kini dapat menerima panggilan sidang melalui domisili elektronik sehingga tidak perlu menunggu relaas dari jurusita.""",
    """Agam - Pengadilan Agama Maninjau menggelar sidang keliling di Kantor Camat Tanjung Raya, Kabupaten Agam, Kamis (27/11/2025). Kegiatan ini menyasar warga di sekitar Danau Maninjau yang jauh dari kantor pengadilan.

Hakim yang bertugas, Syahrul Ramadhan, S.H.I., M.H., memeriksa 11 perkara isbat nikah dan 4 perkara cerai. Camat Tanjung Raya, Handria Asmi, S.STP., mengatakan kegiatan ini sangat ditunggu masyarakat.

Para pencari keadilan juga dapat berkonsultasi dengan petugas Posbakum yang ikut dalam rombongan.""",
    """Padang - Dalam rangka memperingati Hari Ibu ke-97, Dharmayukti Karini Cabang Padang mengadakan seminar bertema perlindungan perempuan dan anak pasca perceraian di Aula Pengadilan Agama Padang, Senin (22/12/2025).

Narasumber seminar, psikolog dari Universitas Andalas, Dr. Mutia Sari, M.Psi., menyoroti dampak perceraian terhadap tumbuh kembang anak. Ketua Dharmayukti Karini Cabang Padang, Ny. Hj. Elfi Asmara, membuka kegiatan.

Seminar diikuti 80 peserta dari unsur pegawai, mahasiswa dan organisasi perempuan.""",
    """Bukittinggi - Pengadilan Agama Bukittinggi menerima kunjungan siswa SMA Negeri 2 Bukittinggi dalam program Court Goes to School, Rabu (3/12/2025). Rombongan disambut di Ruang Media Center oleh Panitera Muda Hukum, Yusmaniar Syahputri, S.H.

Para siswa diajak mengenal ruang sidang, ruang mediasi, dan layanan PTSP. Usai kunjungan, siswa berfoto bersama di depan Jam Gadang yang tak jauh dari kantor pengadilan.""",
    """Padang - Dalam perkara banding Nomor 98/Pdt.G/2025/PTA.Pdg, majelis hakim tinggi yang diketuai Dr. H. Muhammad Syafri, S.H., M.H., dengan hakim anggota Drs. H. Jufri Yusuf, M.H. dan Dra. Hj. Yulnida Rasyid, M.H., menguatkan putusan Pengadilan Agama Padang.

Panitera Pengganti dalam perkara tersebut adalah Ramadhani Putra, S.H. Putusan dibacakan dalam sidang terbuka untuk umum pada Selasa (2/12/2025) di Ruang Sidang PTA Padang.""",
    """Batusangkar - Kapolres Tanah Datar, AKBP Rendi Pratama, S.I.K., M.H., menerima audiensi Ketua Pengadilan Agama Batusangkar di Mapolres Tanah Datar. Pertemuan membahas pengamanan pelaksanaan eksekusi dan persidangan.

Ketua PA Batusangkar, Dr. Hj. Elvi Yunita, S.H.I., M.A., menyampaikan terima kasih atas dukungan kepolisian selama ini. Pertemuan berlangsung hangat dan ditutup dengan penyerahan cendera mata.""",
    """Payakumbuh - Hakim Pengadilan Agama Payakumbuh, Muhammad Ikhsan, S.H.I., M.H., menjadi pemateri dalam bimbingan perkawinan bagi calon pengantin di KUA Kecamatan Lamposi Tigo Nagari. Materi yang disampaikan meliputi hak dan kewajiban suami istri serta penyelesaian konflik rumah tangga.

Kepala KUA Lamposi Tigo Nagari, Zulfahmi, S.Ag., berharap pembekalan ini dapat menekan angka perceraian di Kota Payakumbuh. Kegiatan diikuti 20 pasangan calon pengantin.""",
    """Padang Pariaman - Pengadilan Agama Pariaman mengadakan sosialisasi pencegahan perkawinan anak di SMK Negeri 1 Sintuk Toboh Gadang, Kabupaten Padang Pariaman. Sosialisasi disampaikan oleh Hakim PA Pariaman, Rizka Amelia, S.H., M.H.

Ia menjelaskan bahwa permohonan dispensasi kawin hanya dikabulkan dengan alasan sangat mendesak disertai bukti pendukung yang cukup. Kepala sekolah, Drs. Afrinaldi, menyambut baik kegiatan tersebut.""",
    """Sijunjung - Rapat koordinasi pelaksanaan sidang isbat nikah terpadu tahun 2026 digelar di Ruang Rapat Bupati Sijunjung, Jumat (28/11/2025). Rapat dipimpin Asisten Pemerintahan Setdakab Sijunjung, Drs. Hendri Yazid, dan diikuti Pengadilan Agama Sijunjung, Kemenag dan Disdukcapil.

Ketua PA Sijunjung, Nurul Hidayah, S.H.I., M.H., mengusulkan agar sidang dilaksanakan di tiga kecamatan, yaitu Kamang Baru, Kupitan dan Tanjung Gadang.""",
    """Payakumbuh - Pengadilan Agama Payakumbuh menyelenggarakan pengajian bulanan di Mushalla Al-Mizan. Tausiyah disampaikan oleh Buya H. Syamsul Bahri Khatib, Lc., M.A., dengan tema menjaga amanah dalam bekerja.

Pengajian diikuti pimpinan, hakim, pegawai dan keluarga besar PA Payakumbuh. Kegiatan ditutup dengan makan bersama di halaman kantor.""",
    """Pesisir Selatan - Pengadilan Agama Painan melaksanakan eksekusi riil atas objek harta bersama di Kecamatan IV Jurai. Eksekusi berdasarkan penetapan Ketua PA Painan Nomor 3/Pdt.Eks/2025/PA.Pnn dan dipimpin oleh Panitera, Desmawati Syam, S.H.

Proses eksekusi dikawal personel Polres Pesisir Selatan dan disaksikan Wali Nagari Painan Timur. Objek berupa sebuah rumah semi permanen diserahkan kepada pemohon eksekusi.""",
    """Padang - Pengadilan Tinggi Agama Padang menggelar Bimbingan Teknis Penyelesaian Perkara Ekonomi Syariah bagi hakim se-Sumatera Barat di Hotel Truntum Padang. Bimtek dibuka oleh Ketua PTA Padang, Dr. Drs. H. Abd. Hakim, M.H.I.

Narasumber berasal dari Badan Peradilan Agama, yaitu Dr. H. Candra Boy Seroza, S.Ag., M.Ag., serta praktisi perbankan syariah. Peserta juga mempelajari gugatan sederhana ekonomi syariah dengan studi kasus perkara 12/Pdt.G.S/2025/PA.Pdg.""",
    """Solok - Pengadilan Agama Solok meraih penghargaan sebagai satuan kerja dengan capaian IKPA terbaik kategori pagu kecil. Penghargaan diserahkan oleh Kepala KPPN Solok, Nofriadi, S.E., M.M., dan diterima Sekretaris PA Solok, Yulnaldi, S.H.

Sekretaris menyampaikan bahwa penghargaan ini hasil kerja sama seluruh pejabat pengelola keuangan. Ia berharap prestasi ini dapat dipertahankan pada tahun anggaran 2026.""",
    """Payakumbuh - Pengadilan Agama Payakumbuh mencatat 1.312 perkara masuk sepanjang Januari hingga November 2025. Perkara didominasi cerai gugat sebanyak 902 perkara, disusul cerai talak 231 perkara dan dispensasi kawin 48 perkara.

Panitera PA Payakumbuh, Drs. Syofyan, M.H., menyebut faktor ekonomi dan perselisihan terus-menerus sebagai penyebab utama perceraian. Data lengkap dapat dilihat pada laman SIPP PA Payakumbuh.""",
]

PLANTS = [
    ("email", "Penggugat juga mengirim bukti percakapan dari akun surel desi.marlina77@gmail.com.", "desi.marlina77@gmail.com"),
    ("email", "Menurut panitera, termohon sempat mengirim e-mail dari syafrudin.ali@yahoo.com untuk menunda sidang.", "syafrudin.ali@yahoo.com"),
    ("email", "Keluarga pihak dapat menyampaikan keberatan melalui ahmad.yani.pyk@gmail.com, kata kuasa hukumnya.", "ahmad.yani.pyk@gmail.com"),
    ("phone", "Untuk keperluan mediasi, nomor pemohon 0813 6301 2277 dicatat oleh petugas.", "0813 6301 2277"),
    ("phone", "Tergugat meminta dihubungi melalui nomor +6282284451230 saja.", "+6282284451230"),
    ("phone", "Nomor telepon penggugat, 0852 7400 5566, dicantumkan dalam surat gugatan.", "0852 7400 5566"),
    ("phone", "Kontak keluarga termohon (0812) 6655 4433 diserahkan kepada mediator.", "(0812) 6655 4433"),
    ("nik", "Berdasarkan KTP dengan NIK 1374034301850003, penggugat lahir di Payakumbuh.", "1374034301850003"),
    ("nik", "Pemohon menunjukkan KTP bernomor 13 07 12 550688 0002 di hadapan majelis.", "13 07 12 550688 0002"),
    ("nik", "Dalam berkas tertulis NIK 1376.0115.0492.0001 atas nama tergugat.", "1376.0115.0492.0001"),
    ("case", "Khusus perkara 701/Pdt.G/2025/PA.Pyk, majelis menyatakan Reni Susanti telah bercerai dari suaminya.", "Reni Susanti"),
    ("case", "Perkara Nomor 88/Pdt.P/2025/PA.Mnj merupakan permohonan yang diajukan Zulkarnain Hasibuan bersama istrinya.", "Zulkarnain Hasibuan"),
    ("case", "Sidang perkara 1502/Pdt.G/2025/PA.Pdg ditunda. Yeni Kurniasih meminta waktu untuk menghadirkan bukti tambahan.", "Yeni Kurniasih"),
    ("case", "Atas perkara nomor 44/Pdt.G/2025/PA.Pnn, Irwan Saputra menyatakan akan mengajukan banding.", "Irwan Saputra"),
    ("party", "Pihak Termohon, yaitu Bapak Joni Iskandar, tidak pernah hadir di persidangan.", "Bapak Joni Iskandar"),
    ("party", "Tergugatnya, Hasnah Wati, mengaku tidak keberatan atas gugatan tersebut.", "Hasnah Wati"),
    ("party", "Dalam perkara waris itu, Penggugat I Syamsir dan Penggugat II Nurmala menuntut pembagian tanah pusaka.", "Syamsir dan Penggugat II Nurmala"),
    ("party", "Pemohon Kasasi, Ilham Fauzi, menyatakan keberatan atas putusan banding.", "Ilham Fauzi"),
    ("party", "Pemohon (Suryani) menyampaikan bahwa suaminya telah pergi selama tiga tahun.", "Suryani"),
    ("party", "Ia adalah Tergugat Rekonvensi atas nama Fadli Akbar yang dituntut membayar nafkah madliyah.", "Fadli Akbar"),
    ("party", "Sdri. Wulan Sari selaku Penggugat hadir didampingi ibunya.", "Sdri. Wulan Sari"),
    ("bin", "Dari 30 pasangan, penetapan pertama dibacakan untuk Kamaruddin bin Yahya.", "Kamaruddin bin Yahya"),
    ("bin", "Satu per satu peserta dipanggil, termasuk Rosnita binti Syamsuddin yang datang dengan kursi roda.", "Rosnita binti Syamsuddin"),
    ("bin", "Penetapan juga diterima oleh Usman bin Ali dan istrinya.", "Usman bin Ali"),
    ("bin", "Sebelumnya, Nurjanah binti H. Darwis dan suaminya sudah dua kali mengikuti sidang.", "Nurjanah binti H. Darwis"),
    ("name", "Salah seorang peserta isbat, Zulfikar Ananda, menyebut pernikahannya dulu tidak tercatat di KUA.", "Zulfikar Ananda"),
    ("name", "Suasana haru terlihat ketika Yusmaini (62) menerima penetapan isbat nikah bersama suaminya.", "Yusmaini"),
    ("name", "Istrinya, Erna Yulianti, mengajukan gugatan cerai karena suaminya tidak memberi nafkah.", "Erna Yulianti"),
    ("name", "Pencari keadilan bernama Rudi Hartawan mengaku terbantu dengan layanan Posbakum.", "Rudi Hartawan"),
    ("name", "Dalam sengketa harta bersama ini, mantan suami, Doni Prasetyo, tidak hadir.", "Doni Prasetyo"),
    ("address", "Penggugat bertempat tinggal di Jalan Ahmad Yani Gang Mawar No. 3, Kelurahan Labuh Baru, Kota Payakumbuh.", "Jalan Ahmad Yani Gang Mawar No. 3, Kelurahan Labuh Baru"),
    ("address", "Tergugat beralamat di Korong Kampung Dalam, Nagari Sintuk, Kecamatan Sintuk Toboh Gadang.", "Korong Kampung Dalam, Nagari Sintuk, Kecamatan Sintuk Toboh Gadang"),
    ("address", "Pemohon tinggal di RT 001 RW 004 Kelurahan Kubu Gulai Bancah, Kota Bukittinggi.", "RT 001 RW 004 Kelurahan Kubu Gulai Bancah"),
    ("address", "Domisili termohon di Jl. Diponegoro No. 17 B, Kelurahan Kampung Jao, Kota Padang.", "Jl. Diponegoro No. 17 B, Kelurahan Kampung Jao"),
    ("parents", "Calon mempelai perempuan adalah anak dari pasangan Amran Syah dan Lili Suryani.", "Amran Syah dan Lili Suryani"),
    ("parents", "Permohonan asal usul anak diajukan oleh ibu kandungnya, Fitria Handayani.", "Fitria Handayani"),
    ("parents", "Anak itu merupakan putra dari Yulianto dan Sri Rejeki.", "Yulianto dan Sri Rejeki"),
    ("child", "Majelis menyerahkan hak asuh atas anak yang bernama Alif Ramadhan kepada Tergugat.", "Alif Ramadhan"),
    ("child", "Kedua anak mereka, Kayla Azzahra dan Fathan Akbar, diasuh oleh ibunya.", "Kayla Azzahra dan Fathan Akbar"),
    ("child", "Dalam perkara hadhanah tersebut, anaknya bernama Naura Putri baru berusia empat tahun.", "Naura Putri"),
    ("child", "Hakim menanyakan keinginan anak, Zidan Maulana, yang telah berusia 13 tahun.", "Zidan Maulana"),
    ("witness", "Saksi kedua, Marni Yusuf, adalah tetangga Penggugat.", "Marni Yusuf"),
    ("witness", "Penggugat menghadirkan saksi, yakni Jamaluddin dan Rosmiati.", "Jamaluddin dan Rosmiati"),
    ("witness", "Keterangan para saksi, antara lain Burhanuddin Lubis, dinilai saling bersesuaian.", "Burhanuddin Lubis"),
    ("witness", "Majelis mendengarkan saksi atas nama Sukma Dewi di bawah sumpah.", "Sukma Dewi"),
]
