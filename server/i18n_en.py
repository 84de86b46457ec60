"""The English catalogue: each Indonesian text as written in the templates and the Python code,
and its English line. Placeholders such as `{name}` stay exactly as they are in the key.

Domain terms keep their Indonesian names (NIK, KK, KTP-el, IKD, KIA, SKPWNI, desa, kecamatan,
blanko, UPT, Dukcapil, BAKSO, jemput bola), since they are what people see on their documents
and hear at the office.
"""

EN: dict[str, str] = {
    # --- Page shell (layout.html, _nav.html)
    "Layanan administrasi kependudukan Kabupaten Lombok Timur, dekat dan gratis.": (
        "Civil registration services for East Lombok Regency, close to home and free."
    ),
    "Lewati ke isi": "Skip to content",
    "Ganti pengguna": "Switch user",
    "Keluar": "Sign out",
    "Masuk": "Sign in",
    "Versi baru tersedia": "A new version is available",
    "muat ulang": "reload",
    "Anda sedang offline. Halaman yang tersimpan tetap bisa dibuka.": (
        "You are offline. Pages saved on this device can still be opened."
    ),
    "Semua layanan adminduk gratis (Rp 0).": "All civil registration services are free (Rp 0).",
    "Jika ada yang meminta bayaran, jangan bayar dan laporkan.": (
        "If anyone asks you to pay, don't pay, and report it."
    ),
    "Dinas Kependudukan dan Pencatatan Sipil": (
        "Population and Civil Registration Office (Dukcapil)"
    ),
    "Kabupaten Lombok Timur": "East Lombok Regency",
    "Menu utama": "Main menu",
    # --- Main menu (NAV_ITEMS)
    "Beranda": "Home",
    "Keluarga": "Family",
    "Cari penduduk": "Find a resident",
    "Log audit": "Audit log",
    "Layanan": "Services",  # also the "Service" row of a request summary and queue filter
    "Permohonan": "Requests",
    "Proses": "Process",  # also the office's "process" button (ACTION_BUTTON_LABELS)
    # --- Roles (ROLE_LABELS)
    "Warga": "Citizen",
    "Operator desa": "Desa operator",
    "Petugas keliling": "Mobile service officer",
    "Petugas Dinas Dukcapil": "Dukcapil officer",
    "Pengawas": "Supervisor",
    # --- KTP-el status (KTP_LABELS and the coverage table)
    "Belum rekam": "Not yet recorded",
    "Sudah rekam, menunggu cetak": "Recorded, waiting to be printed",
    "Sudah dicetak": "Printed",
    "Menunggu cetak": "Waiting to be printed",
    # --- IKD status (IKD_LABELS)
    "Belum aktif": "Not yet active",
    "Aktif": "Active",
    "Ditangguhkan": "Suspended",
    # --- Relationship within the KK (HUBUNGAN_LABELS)
    "Kepala keluarga": "Head of family",
    "Istri": "Wife",
    "Suami": "Husband",
    "Anak": "Child",
    "Orang tua": "Parent",
    "Famili lain": "Other relative",
    # --- Audit actions (ACTION_LABELS)
    "Membuka data penduduk": "Opened resident data",
    "Membuat permohonan": "Created a request",
    "Mengajukan permohonan": "Submitted a request",
    "Memverifikasi permohonan": "Verified a request",
    "Memproses permohonan": "Processed a request",
    "Menandai siap diambil": "Marked ready for collection",
    "Menyelesaikan permohonan": "Completed a request",
    "Mengembalikan untuk diperbaiki": "Sent back for fixing",
    "Menolak permohonan": "Rejected a request",
    "Data penduduk": "Resident record",
    # --- One resident's details (_person.html)
    "Nomor KK": "KK number",
    "Tempat, tanggal lahir": "Place and date of birth",
    "Jenis kelamin": "Sex",
    "Perempuan": "Female",
    "Laki-laki": "Male",
    "Hubungan dalam KK": "Relationship in the KK",
    "Alamat": "Address",
    "Desa {desa}, Kecamatan {kecamatan}": "Desa {desa}, Kecamatan {kecamatan}",
    # --- Sign in (akun/masuk.html, services/auth.py)
    "Anda sudah keluar. Data di perangkat ini sudah dibersihkan.": (
        "You have signed out. The data on this device has been cleared."
    ),
    "Silakan masuk sebagai pengguna berikutnya.": "Next user, please sign in.",
    "Sesi berakhir karena tidak ada aktivitas. Silakan masuk lagi.": (
        "Your session ended because there was no activity. Please sign in again."
    ),
    "NIK atau nama pengguna": "NIK or username",
    "Kata sandi": "Password",
    "Belum punya akun?": "No account yet?",
    "Daftar dengan NIK dan nomor KK": "Sign up with your NIK and KK number",
    "Isi NIK atau nama pengguna dan kata sandi.": "Enter your NIK or username and your password.",
    "NIK/nama pengguna atau kata sandi salah.": "Wrong NIK/username or password.",
    "Terlalu banyak percobaan. Coba lagi dalam {minutes} menit.": (
        "Too many attempts. Please try again in {minutes} minutes."
    ),
    "Silakan masuk terlebih dahulu.": "Please sign in first.",
    # --- Citizen sign-up (akun/daftar.html, services/registration.py)
    "Daftar": "Sign up",
    "Daftar akun warga": "Create a citizen account",
    "Gunakan data yang tertulis di Kartu Keluarga Anda.": (
        "Use the details printed on your family card (KK)."
    ),
    "Tanggal lahir": "Date of birth",
    "Ulangi kata sandi": "Repeat password",
    "Sudah punya akun?": "Already have an account?",
    (
        "Data tidak cocok dengan data kependudukan. Periksa NIK, nomor KK dan tanggal lahir "
        "sesuai Kartu Keluarga, atau minta bantuan di kantor desa."
    ): (
        "These details don't match the population records. Check your NIK, KK number and date "
        "of birth against your family card (KK), or ask for help at the desa office."
    ),
    "NIK ini sudah punya akun. Silakan masuk dengan NIK dan kata sandi Anda.": (
        "This NIK already has an account. Please sign in with your NIK and password."
    ),
    "Isi tanggal lahir dengan benar (hari, bulan, tahun).": (
        "Please enter a valid date of birth (day, month, year)."
    ),
    "Kata sandi paling sedikit {n} karakter.": "Your password needs at least {n} characters.",
    "Kedua kata sandi tidak sama.": "The two passwords don't match.",
    # --- NIK and KK number checks (services/nik.py)
    "NIK wajib diisi.": "Please enter your NIK.",
    "NIK harus 16 angka, tanpa huruf.": "A NIK has 16 digits and no letters.",
    "Dua angka pertama NIK bukan kode provinsi yang dikenal.": (
        "The first two digits of the NIK are not a known province code."
    ),
    "Kode wilayah pada NIK tidak lengkap.": "The region code in the NIK is incomplete.",
    "Tanggal lahir di dalam NIK tidak valid.": "The birth date in the NIK is not valid.",
    "Nomor urut di akhir NIK tidak valid.": "The serial number at the end of the NIK is not valid.",
    "Nomor KK wajib diisi.": "Please enter your KK number.",
    "Nomor KK harus 16 angka, tanpa huruf.": "A KK number has 16 digits and no letters.",
    "Dua angka pertama nomor KK bukan kode provinsi yang dikenal.": (
        "The first two digits of the KK number are not a known province code."
    ),
    "Kode wilayah pada nomor KK tidak lengkap.": "The region code in the KK number is incomplete.",
    # --- Visitor's welcome (beranda/tamu.html)
    "Urus dokumen kependudukan dari desa Anda": "Sort out your civil documents from your desa",
    (
        "KTP-el, Kartu Keluarga, akta kelahiran, pindah datang, dan Identitas Kependudukan "
        "Digital (IKD) untuk warga Kabupaten Lombok Timur."
    ): (
        "KTP-el, family cards (KK), birth certificates, moving house, and the digital ID (IKD) "
        "for residents of East Lombok Regency."
    ),
    "Biaya: Rp 0 (gratis)": "Cost: Rp 0 (free)",
    "Tidak punya ponsel?": "No phone?",
    "Datang ke kantor desa. Operator desa akan membantu mengurus dokumen Anda tanpa biaya.": (
        "Come to the desa office. The desa operator will help you with your documents, "
        "free of charge."
    ),
    "Diminta membayar?": "Asked to pay?",
    "Petugas tidak boleh meminta uang untuk layanan adminduk. Jangan bayar calo.": (
        "Officers may not ask for money for civil registration services. "
        "Don't pay middlemen (calo)."
    ),
    # --- Citizen's home (beranda/warga.html)
    "Halo, {name}": "Hello, {name}",
    "IKD (KTP digital)": "IKD (digital ID card)",
    "Kartu Keluarga": "Family card (KK)",
    "{n} anggota keluarga": "Family members: {n}",
    "Lihat anggota keluarga": "See family members",
    # --- Staff homes (beranda/operator_desa.html, petugas_*.html, pengawas.html, _cakupan.html)
    "Desa {desa}": "Desa {desa}",
    "Kecamatan {kecamatan}": "Kecamatan {kecamatan}",
    "UPT Kecamatan {kecamatan}": "UPT Kecamatan {kecamatan}",
    "Wilayah tugas: Kecamatan {kecamatan}": "Service area: Kecamatan {kecamatan}",
    "Desa dengan warga dewasa belum rekam terbanyak ada di atas.": (
        "The desa with the most adults not yet recorded are at the top."
    ),
    "Penduduk dewasa (17 tahun ke atas) menurut status KTP-el": (
        "Adult residents (17 and over) by KTP-el status"
    ),
    "Desa": "Desa",
    "Kecamatan": "Kecamatan",
    "Jumlah": "Total",
    "Pengawasan pelayanan": "Service oversight",
    "{n} akses data dan tindakan tercatat dalam 24 jam terakhir.": (
        "Data accesses and actions recorded in the last 24 hours: {n}."
    ),
    "Buka log audit": "Open the audit log",
    # --- Service areas (wilayah/*.html, routes/wilayah.py)
    "Wilayah layanan": "Service areas",
    "Setiap kecamatan punya UPT Dukcapil. Pilih kecamatan untuk melihat desanya.": (
        "Every kecamatan has a UPT Dukcapil office. Choose a kecamatan to see its desa."
    ),
    "Kecamatan {name}": "Kecamatan {name}",
    "{n} desa/kelurahan": "{n} desa and kelurahan",
    "Semua kecamatan": "All kecamatan",
    "Dilayani oleh UPT Dukcapil Kecamatan {name}.": "Served by UPT Dukcapil Kecamatan {name}.",
    "Desa {name}": "Desa {name}",
    "Kelurahan {name}": "Kelurahan {name}",
    "Kecamatan tidak ditemukan.": "Kecamatan not found.",
    # --- Family card (keluarga/index.html)
    "Data keluarga tidak ditemukan. Hubungi kantor desa.": (
        "Your family's data was not found. Please contact the desa office."
    ),
    # --- Resident search and details (penduduk/*.html, routes/penduduk.py)
    "Nama atau NIK": "Name or NIK",
    "Cari": "Search",
    "Ketik paling sedikit 3 huruf atau angka.": "Type at least 3 letters or digits.",
    "Tidak ada penduduk yang cocok di wilayah tugas Anda.": (
        "No matching residents in your service area."
    ),
    "Kembali ke pencarian": "Back to search",
    "Pembukaan data ini tercatat di log audit.": "Opening this record is noted in the audit log.",
    "Buat permohonan": "Make a request",
    "Data penduduk tidak ditemukan, atau di luar wilayah tugas Anda.": (
        "Resident not found, or outside your service area."
    ),
    # --- Audit log (audit/index.html)
    (
        "Setiap pembukaan data penduduk oleh petugas tercatat di sini: siapa, apa, kapan. "
        "Isi datanya tidak dicatat."
    ): (
        "Every time an officer opens a resident's data, it is noted here: who, what and when. "
        "The data itself is not copied."
    ),
    "Waktu": "Time",
    "Petugas": "Officer",
    "Tindakan": "Action",
    "Objek": "Record",
    "Belum ada catatan.": "No entries yet.",
    "Sebelumnya": "Previous",
    "Berikutnya": "Next",
    # --- Offline page (offline.html)
    "Sedang offline": "Offline",
    "Tidak ada sinyal": "No signal",
    "Halaman ini belum tersimpan di perangkat Anda, jadi belum bisa dibuka tanpa internet.": (
        "This page isn't saved on your device yet, so it can't be opened without internet."
    ),
    "Data yang sudah Anda isi tidak hilang. Coba lagi saat sinyal kembali.": (
        "Nothing you have filled in is lost. Try again when the signal is back."
    ),
    "Coba lagi": "Try again",
    # --- Error page (galat.html, app.py, security.py, routes)
    "Ada masalah": "Something went wrong",
    "Maaf": "Sorry",
    "Kembali ke beranda": "Back to home",
    "Permintaan tidak dapat diproses. Periksa isian Anda lalu coba lagi.": (
        "Your request could not be processed. Check what you entered and try again."
    ),
    "Anda tidak punya akses ke halaman ini.": "You don't have access to this page.",
    "Halaman tidak ditemukan.": "Page not found.",
    "Cara membuka halaman ini tidak didukung.": "This page can't be opened this way.",
    "Terjadi kesalahan di server. Coba lagi sebentar lagi.": (
        "Something went wrong on the server. Please try again in a moment."
    ),
    "Formulir sudah kedaluwarsa. Muat ulang halaman, lalu kirim lagi.": (
        "This form has expired. Reload the page, then send it again."
    ),
    "Halaman ini bukan untuk peran Anda.": "This page isn't for your role.",
    "Berkas tidak ditemukan.": "File not found.",
    # --- Service catalogue pages (layanan/*.html)
    "Layanan adminduk": "Civil registration services",
    "Semua layanan gratis (Rp 0).": "All services are free (Rp 0).",
    "Semua layanan": "All services",
    "Persyaratan": "Requirements",
    "Dokumen yang difoto": "Documents to photograph",
    "bila ada": "if available",
    "Waktu dan tempat": "Time and place",
    "Selesai dalam {n} hari kerja sejak permohonan lengkap.": (
        "Done within {n} working days once the request is complete."
    ),
    "Diambil di: {tempat}": "Collect at: {tempat}",
    "Stok blanko KTP-el": "KTP-el blanko stock",
    "Kantor tempat mencetak": "Office where the card is printed",
    "Pilih kantor": "Choose an office",
    "Lihat stok": "Check stock",
    "{kantor}: blanko tersedia ({n} lembar).": "{kantor}: blanko available ({n} cards).",
    "{kantor}: blanko sedang habis.": "{kantor}: blanko is out of stock.",
    (
        "Sambil menunggu blanko, Anda bisa memakai KTP digital (IKD). IKD sah untuk layanan "
        "yang memerlukan KTP."
    ): (
        "While you wait for blanko, you can use the digital KTP (IKD). IKD is valid for "
        "services that ask for a KTP."
    ),
    "Aktifkan IKD": "Activate IKD",
    "Ajukan permohonan": "Submit request",
    "Masuk untuk mengajukan": "Sign in to apply",
    # --- The service catalogue itself (services/layanan.py)
    "KTP-el": "KTP-el",
    "IKD": "IKD",
    "Akta": "Certificates",
    "Pindah datang": "Moving out and in",
    (
        "Jika ada yang meminta uang, jangan bayar. Laporkan ke Dinas Dukcapil Lombok Timur atau "
        "Ombudsman; identitas pelapor dilindungi."
    ): (
        "If anyone asks for money, don't pay. Report it to Dinas Dukcapil Lombok Timur or the "
        "Ombudsman; your identity as the reporter is protected."
    ),
    "UPT Dukcapil kecamatan Anda, atau kantor desa bila desa Anda melayani (program BAKSO)": (
        "Your kecamatan's UPT Dukcapil, or your desa office if it offers the service "
        "(BAKSO programme)"
    ),
    "UPT Dukcapil, kantor desa yang ditunjuk, atau saat jemput bola": (
        "UPT Dukcapil, an appointed desa office, or a jemput bola visit"
    ),
    "Cetak KTP-el": "Print KTP-el",
    "Untuk yang sudah rekam biometrik tetapi kartunya belum dicetak.": (
        "For people whose biometrics are recorded but whose card is not printed yet."
    ),
    "Sudah rekam biometrik (sidik jari, foto, iris).": (
        "Biometrics already recorded (fingerprints, photo, iris)."
    ),
    "Berumur 17 tahun ke atas, atau sudah/pernah menikah.": (
        "Aged 17 or over, or married now or in the past."
    ),
    "Cetak ulang KTP-el (hilang atau rusak)": "Reprint KTP-el (lost or damaged)",
    "Untuk KTP-el yang hilang atau rusak.": "For a KTP-el that is lost or damaged.",
    "Kartu Keluarga.": "Family card (KK).",
    "Bila hilang: surat keterangan kehilangan dari kepolisian.": (
        "If lost: a loss report letter from the police."
    ),
    "Bila rusak: KTP-el yang rusak dibawa saat mengambil kartu baru.": (
        "If damaged: bring the damaged KTP-el when you collect the new card."
    ),
    "Surat kehilangan atau foto KTP-el yang rusak": (
        "Police loss report, or a photo of the damaged KTP-el"
    ),
    "Alasan": "Reason",
    "Hilang": "Lost",
    "Rusak": "Damaged",
    "Perubahan data KTP-el": "Change KTP-el details",
    "Untuk mengubah data seperti status perkawinan, pekerjaan, atau alamat.": (
        "To change details such as marital status, job or address."
    ),
    "Kartu Keluarga yang sudah memuat data baru.": (
        "A family card (KK) that already shows the new details."
    ),
    "Dokumen pendukung perubahan (misalnya buku nikah, ijazah).": (
        "Supporting documents for the change (for example a marriage book or a diploma)."
    ),
    "Dokumen pendukung perubahan": "Supporting document for the change",
    "Data yang diubah": "Details to change",
    "Status perkawinan": "Marital status",
    "Pekerjaan": "Job",
    "Pendidikan": "Education",
    "Lainnya": "Other",
    "Data yang benar": "Correct details",
    "Kartu Keluarga baru": "New family card (KK)",
    "Membentuk keluarga baru, misalnya setelah menikah.": (
        "Starting a new family, for example after marriage."
    ),
    "Buku nikah atau akta perkawinan.": "Marriage book or marriage certificate.",
    "Buku nikah atau akta perkawinan": "Marriage book or marriage certificate",
    "Kartu Keluarga lama dari kedua pihak.": "Both partners' old family cards (KK).",
    "Surat pengantar dari kantor desa.": "A cover letter from the desa office.",
    "Tambah anggota Kartu Keluarga": "Add a member to the family card (KK)",
    "Menambahkan bayi yang baru lahir atau anggota yang pindah masuk.": (
        "Adding a newborn baby, or a member who moves in."
    ),
    "Akta kelahiran atau surat keterangan lahir, atau surat pindah.": (
        "A birth certificate or birth notification letter, or a moving letter."
    ),
    "Surat keterangan lahir atau surat pindah": "Birth notification letter or moving letter",
    "Nama anggota baru": "New member's name",
    "Hubungan dalam keluarga": "Relationship in the family",
    "Pisah Kartu Keluarga": "Split a family card (KK)",
    "Memisahkan anggota yang sudah menikah ke Kartu Keluarga sendiri.": (
        "Moving a married member onto a family card (KK) of their own."
    ),
    "Buku nikah.": "Marriage book.",
    "Buku nikah": "Marriage book",
    "Akta kelahiran": "Birth certificate",
    "Akta untuk anak yang baru lahir (diajukan oleh orang tua).": (
        "A certificate for a newborn child (requested by a parent)."
    ),
    "Surat keterangan lahir dari bidan, puskesmas, atau rumah sakit.": (
        "A birth notification letter from the midwife, the community health centre "
        "(puskesmas) or the hospital."
    ),
    "Kartu Keluarga orang tua.": "The parents' family card (KK).",
    "Buku nikah orang tua, bila ada.": "The parents' marriage book, if they have one.",
    "Surat keterangan lahir": "Birth notification letter",
    "Nama anak": "Child's name",
    "Tanggal lahir anak": "Child's date of birth",
    "Tempat lahir anak": "Child's place of birth",
    "Akta kematian": "Death certificate",
    "Mencatat kematian anggota keluarga.": "Registering the death of a family member.",
    "Surat keterangan kematian dari desa, puskesmas, atau rumah sakit.": (
        "A death notification letter from the desa office, the community health centre "
        "(puskesmas) or the hospital."
    ),
    "Surat keterangan kematian": "Death notification letter",
    "Tanggal meninggal": "Date of death",
    "Surat pindah (SKPWNI)": "Moving letter (SKPWNI)",
    "Pindah domisili ke luar desa, kecamatan, atau kabupaten.": (
        "Moving your residence out of the desa, kecamatan or regency."
    ),
    "Alamat tujuan yang lengkap.": "The full address you are moving to.",
    "Alamat tujuan": "Address you are moving to",
    "Alasan pindah": "Reason for moving",
    "Kedatangan (pindah masuk)": "Arrival (moving in)",
    "Mencatat kedatangan dari daerah lain ke Lombok Timur.": (
        "Registering a move to East Lombok from elsewhere."
    ),
    "Surat pindah (SKPWNI) dari daerah asal.": (
        "The moving letter (SKPWNI) from your previous area."
    ),
    "Surat pindah dari daerah asal": "Moving letter from your previous area",
    "Kabupaten/kota asal": "Regency or city you came from",
    "Kartu Identitas Anak (KIA)": "Child identity card (KIA)",
    "Kartu identitas untuk anak di bawah 17 tahun.": "An identity card for children under 17.",
    "Akta kelahiran anak.": "The child's birth certificate.",
    "Pas foto anak berwarna, untuk anak berumur 5 tahun ke atas.": (
        "A colour passport photo of the child, for children aged 5 and over."
    ),
    "Akta kelahiran anak": "Child's birth certificate",
    "Pas foto anak (5 tahun ke atas)": "Child's passport photo (age 5 and over)",
    "Aktivasi IKD (KTP digital)": "IKD activation (digital KTP)",
    "KTP digital di ponsel. Bisa dipakai ketika blanko KTP-el habis.": (
        "A digital KTP on your phone. It can be used when KTP-el blanko has run out."
    ),
    "Sudah rekam biometrik KTP-el.": "KTP-el biometrics already recorded.",
    "Ponsel Android atau iPhone dengan nomor aktif.": (
        "An Android phone or iPhone with an active number."
    ),
    "Datang sendiri: petugas mencocokkan wajah dan data Anda.": (
        "Come in person: an officer checks your face against your records."
    ),
    # --- Who may ask for a service (Layanan.not_eligible and the _needs_* rules)
    "Layanan ini untuk penduduk berumur 17 tahun ke atas.": (
        "This service is for residents aged 17 and over."
    ),
    "Layanan ini untuk anak di bawah 17 tahun.": "This service is for children under 17.",
    "Belum rekam biometrik. Rekam dulu di UPT kecamatan atau saat jemput bola.": (
        "Biometrics not recorded yet. Have them recorded first at the kecamatan UPT or at a "
        "jemput bola visit."
    ),
    "KTP-el sudah pernah dicetak. Pilih layanan cetak ulang bila hilang atau rusak.": (
        "This KTP-el has been printed before. Choose the reprint service if it is lost or damaged."
    ),
    "Cetak ulang hanya untuk KTP-el yang sudah pernah dicetak.": (
        "A reprint is only for a KTP-el that has been printed before."
    ),
    "IKD sudah aktif.": "IKD is already active.",
    "IKD hanya bisa diaktifkan setelah rekam biometrik KTP-el.": (
        "IKD can only be activated after the KTP-el biometrics are recorded."
    ),
    # --- Request status (STATUS_LABELS) and office actions (ACTION_BUTTON_LABELS)
    "Draf": "Draft",
    "Diajukan": "Submitted",
    "Diverifikasi": "Verified",
    "Diproses": "In progress",
    "Siap diambil": "Ready for collection",
    "Selesai": "Done",
    "Perlu perbaikan": "Needs fixing",
    "Ditolak": "Rejected",
    "Verifikasi": "Verify",
    "Selesai (sudah diambil)": "Done (collected)",
    "Kembalikan untuk diperbaiki": "Send back for fixing",
    "Tolak": "Reject",
    # --- Applying (permohonan/baru.html, _photo.html, routes/permohonan.py)
    "Permohonan baru": "New request",
    "Pilih layanan": "Choose a service",
    "Persyaratan layanan": "Service requirements",
    "Periksa isian yang ditandai di bawah.": "Check the fields marked below.",
    "Untuk siapa?": "Who is it for?",
    "Ganti penduduk": "Choose another resident",
    "Cari penduduk dulu, lalu buat permohonan dari halaman datanya.": (
        "Find the resident first, then make the request from their record page."
    ),
    "Pilih": "Choose",
    "Foto dokumen": "Document photos",
    "Foto dengan kamera ponsel. Pastikan tulisan terbaca dan tidak terpotong.": (
        "Take the photos with a phone camera. Make sure the writing is readable and nothing "
        "is cut off."
    ),
    "Pratinjau {label}": "Preview: {label}",
    "Ambil ulang": "Retake",
    "Kantor tempat mengurus dan mengambil": "Office that handles it and where you collect",
    "blanko: {n}": "blanko in stock: {n}",
    "Catatan (bila perlu)": "Note (if needed)",
    "Periksa sebelum mengirim": "Check before sending",
    "Ubah": "Edit",
    "Kirim permohonan": "Send request",
    "Simpan dan periksa": "Save and review",
    "Pilih layanan dari daftar.": "Choose a service from the list.",
    "Anda hanya bisa mengajukan untuk diri sendiri atau anggota KK Anda.": (
        "You can only apply for yourself or a member of your KK."
    ),
    "Penduduk ini di luar wilayah tugas Anda.": "This resident is outside your service area.",
    "Catatan maksimal {n} karakter.": "The note can have at most {n} characters.",
    "Pilih kantor tempat mengurus dan mengambil dokumen.": (
        "Choose the office that handles the request and where you will collect the document."
    ),
    "Foto {label} wajib.": "A photo is required: {label}.",
    # --- The service's own questions (services/permohonan.py check_answers)
    "{label} wajib diisi.": "{label} is required.",
    "{label} terlalu panjang (maksimal {n} karakter).": (
        "{label} is too long (at most {n} characters)."
    ),
    "Pilih {label} dari daftar.": "Choose {label} from the list.",
    "{label} tidak boleh di masa depan.": "{label} cannot be in the future.",
    "{label} bukan tanggal yang benar.": "{label} is not a valid date.",
    # --- Document photos (services/uploads.py, app.py)
    "Berkas kosong. Ambil foto lagi.": "The file is empty. Take the photo again.",
    "Foto terlalu besar ({size} MB). Maksimal {max} MB.": (
        "The photo is too large ({size} MB). The limit is {max} MB."
    ),
    "Berkas ini bukan foto JPEG, PNG, atau WebP.": "This file is not a JPEG, PNG or WebP photo.",
    "Berkas ini bukan foto yang bisa dibaca. Ambil foto lagi.": (
        "This file is not a photo that can be read. Take the photo again."
    ),
    "Foto terlalu besar ({mp} megapiksel). Maksimal {max} megapiksel.": (
        "The photo is too large ({mp} megapixels). The limit is {max} megapixels."
    ),
    "Foto terlalu besar. Maksimal {max} megapiksel.": (
        "The photo is too large. The limit is {max} megapixels."
    ),
    "Kiriman terlalu besar. Kecilkan foto (maksimal 10 MB per foto) lalu kirim lagi.": (
        "What you sent is too large. Make the photos smaller (10 MB at most for each), then "
        "send again."
    ),
    # --- A request and its list (permohonan/*.html)
    "Permohonan saya": "My requests",
    "Permohonan terbuka": "Open requests",
    "Ajukan permohonan baru": "Make a new request",
    "Diperbarui {tanggal}": "Updated {tanggal}",
    "Belum ada permohonan.": "No requests yet.",
    "Daftar permohonan": "Request list",
    "Perlu diperbaiki:": "Needs fixing:",
    "Ditolak:": "Rejected:",
    "Siap diambil di:": "Ready for collection at:",
    'Ini masih draf. Periksa datanya, lalu tekan "Ajukan permohonan".': (
        'This is still a draft. Check the details, then press "Submit request".'
    ),
    "Dokumen": "Documents",
    "Ganti foto yang perlu diperbaiki (foto lain tidak perlu dikirim ulang):": (
        "Replace the photos that need fixing (other photos need not be sent again):"
    ),
    "Ajukan kembali": "Submit again",
    "Cetak tanda terima": "Print receipt",
    "Untuk": "For",
    "Kantor": "Office",
    "Catatan pemohon": "Applicant's note",
    "Target selesai": "Expected by",
    "Biaya": "Cost",
    "Riwayat": "History",
    "Tanda terima": "Receipt",
    "Tanda terima permohonan": "Request receipt",
    "Lacak status di {alamat} dengan kode di atas dan 4 angka terakhir NIK.": (
        "Track the status at {alamat} with the code above and the last 4 digits of the NIK."
    ),
    "Cetak": "Print",
    "Kembali": "Back",
    "Permohonan tidak ditemukan, atau bukan milik Anda.": ("Request not found, or it isn't yours."),
    "Permohonan tidak ditemukan.": "Request not found.",
    "Dokumen tidak ditemukan.": "Document not found.",
    "Layanan tidak ditemukan.": "Service not found.",
    "Permohonan ini tidak bisa diajukan lagi.": "This request can't be submitted again.",
    "Status permohonan sudah berubah. Muat ulang halaman.": (
        "The status of this request has changed. Reload the page."
    ),
    # --- The office's queue (proses/*.html, services/permohonan.py act)
    "Kode permohonan": "Request code",
    "Halaman {page} dari {pages}.": "Page {page} of {pages}.",
    "← Sebelumnya": "← Previous",
    "Berikutnya →": "Next →",
    "Proses permohonan": "Process requests",
    "Status": "Status",
    "Semua yang menunggu": "All waiting",
    "Umur permohonan": "Age of request",
    "Semua": "All",
    "Lebih dari {n} hari": "More than {n} days",
    "Terapkan": "Apply filters",
    "{n} permohonan, yang paling lama di atas.": "Requests: {n}, oldest at the top.",
    "Diajukan {tanggal}": "Submitted {tanggal}",
    "Lewat batas {tanggal}": "Overdue: due {tanggal}",
    "Tidak ada permohonan yang menunggu.": "No requests are waiting.",
    "Antrean": "Queue",
    "Lihat dokumen": "See documents",
    "Tempat pengambilan": "Where to collect",
    "Alasan (dibaca pemohon)": "Reason (the applicant reads this)",
    "Tindakan tidak dikenal.": "Unknown action.",
    "Tindakan ini tidak berlaku untuk status permohonan sekarang.": (
        "This action doesn't apply to the request's current status."
    ),
    "Tuliskan alasannya agar pemohon tahu apa yang harus dilakukan.": (
        "Write the reason, so the applicant knows what to do."
    ),
    "Tuliskan tempat pengambilan dokumen.": "Write where the document can be collected.",
    # --- Public tracking (lacak/index.html, routes/lacak.py)
    "Lacak permohonan": "Track a request",
    "Masukkan kode lacak dari tanda terima dan 4 angka terakhir NIK pemohon.": (
        "Enter the tracking code from the receipt and the last 4 digits of the applicant's NIK."
    ),
    "Kode lacak": "Tracking code",
    "4 angka terakhir NIK": "Last 4 digits of the NIK",
    "Lacak": "Track",
    "Kantor: {kantor}": "Office: {kantor}",
    "Kode lacak atau 4 angka terakhir NIK tidak cocok.": (
        "The tracking code or the last 4 digits of the NIK don't match."
    ),
    # The outbox (web/static/antrean.js, templates/antrean.html).
    "Ajukan kembali {kode}": "Submit {kode} again",
    "Ajukan {kode}": "Submit {kode}",
    "Antrean kiriman": "Outbox",
    "Antrean kiriman memerlukan JavaScript.": "The outbox needs JavaScript.",
    "Batalkan kiriman": "Cancel this submission",
    "Batalkan kiriman ini? Isinya akan dihapus dari perangkat ini.": (
        "Cancel this submission? Its contents will be deleted from this device."
    ),
    "Belum ada sinyal. Kiriman tetap tersimpan dan dikirim otomatis nanti.": (
        "No signal yet. Your submissions stay saved and will be sent automatically later."
    ),
    "Disimpan {waktu}": "Saved {waktu}",
    "Ditolak server": "Refused by the server",
    (
        "Jika Anda keluar, kiriman tetap tersimpan dan dikirim setelah Anda masuk lagi. Akun lain "
        "tidak dapat mengirimnya."
    ): (
        "If you sign out, they stay saved and are sent after you sign in again. Other accounts "
        "cannot send them."
    ),
    "Keluar dan hapus kiriman": "Sign out and delete them",
    "Keluar, simpan kiriman": "Sign out, keep them",
    "Kirim sekarang": "Send now",
    "Kiriman ditolak server. Periksa isian lalu kirim lagi.": (
        "The server refused this submission. Check the form and send it again."
    ),
    (
        "Kiriman yang dibuat tanpa sinyal disimpan di perangkat ini, lalu dikirim otomatis saat "
        "sinyal kembali. Tidak ada yang hilang."
    ): (
        "Submissions made without signal are saved on this device and sent automatically when the "
        "signal returns. Nothing is lost."
    ),
    "Lihat isi": "Show contents",
    "Masih ada kiriman yang belum terkirim": "Some submissions have not been sent yet",
    "Masuk lagi untuk mengirim kiriman Anda.": "Sign in again to send your submissions.",
    "Masuk untuk mengirim": "Sign in to send",
    "Mengirim…": "Sending…",
    "Menunggu dikirim": "Waiting to be sent",
    "Menyimpan di perangkat…": "Saving on this device…",
    "Sedang dikirim…": "Sending now…",
    "Sudah dibaca, hapus": "Read, remove it",
    "Tersimpan di perangkat ini. Akan dikirim otomatis saat sinyal kembali.": (
        "Saved on this device. It will be sent automatically when the signal returns."
    ),
    "Tetap di sini": "Stay here",
    "Tidak ada kiriman yang menunggu.": "Nothing is waiting to be sent.",
    "dicoba {n} kali": "tried {n} times",
    "{n} kiriman ditolak — buka untuk melihat alasannya": (
        "{n} submissions refused — open to see why"
    ),
    "{n} kiriman masih menunggu di perangkat ini.": (
        "{n} submissions are still waiting on this device."
    ),
    "{n} kiriman masih menunggu; dicoba lagi nanti.": (
        "{n} submissions still waiting; they will be tried again later."
    ),
    "{n} kiriman menunggu dikirim": "{n} submissions waiting to be sent",
    (
        "{n} kiriman milik akun lain juga menunggu di perangkat ini; dikirim setelah pemiliknya "
        "masuk."
    ): (
        "{n} submissions of other accounts also wait on this device; they are sent once their "
        "owner signs in."
    ),
    "{n} kiriman terkirim.": "{n} submissions sent.",
    "Sesi Anda sudah berakhir. Masuk lagi untuk mengirim.": (
        "Your session has ended. Sign in again to send."
    ),
    # Timeline texts the system writes (services/permohonan.SYSTEM_TIMELINE_TEXTS).
    "Pemohon": "Applicant",
    "Dinas Dukcapil": "Dukcapil office",
    "Diajukan kembali setelah diperbaiki": "Submitted again after fixing",
    # IKD verification (routes/ikd.py, templates/verifikasi).
    "Bukan kode IKD.": "Not an IKD code.",
    "Tanda tangan tidak sah: kode ini diubah atau palsu.": (
        "Invalid signature: this code was altered or forged."
    ),
    "Kode sudah kedaluwarsa. Minta pemilik menampilkan kode yang baru.": (
        "The code has expired. Ask the holder to show a new one."
    ),
    "Ditandatangani dengan kunci yang tidak dikenal.": "Signed with an unknown key.",
    "Kunci penanda tangan kode ini sudah dicabut.": "The key that signed this code was revoked.",
    "Verifikasi IKD": "Verify an IKD",
    (
        "Periksa kode QR Identitas Kependudukan Digital. Kode asli ditandatangani Dinas "
        "Dukcapil dan tidak bisa diubah."
    ): (
        "Check the QR code of a Digital Population Identity (IKD). Genuine codes are signed by "
        "the Dukcapil office and cannot be altered."
    ),
    "Teks kode QR": "QR code text",
    "Periksa": "Check",
    "Sah": "Valid",
    "Tidak sah": "Not valid",
    "Nama": "Name",
    "Berlaku sampai": "Valid until",
    # The IKD card (templates/ikd).
    "IKD saya": "My IKD",
    "Identitas Kependudukan Digital": "Digital Population Identity (IKD)",
    "Data Anda tidak ditemukan. Hubungi kantor desa.": (
        "Your record was not found. Please contact the desa office."
    ),
    "IKD Anda ditangguhkan. Minta petugas mengaktifkannya kembali.": (
        "Your IKD is suspended. Ask an officer to activate it again."
    ),
    (
        "IKD Anda belum aktif. Aktivasi dilakukan langsung oleh petugas Dukcapil, desa, atau "
        "tim jemput bola."
    ): (
        "Your IKD is not active yet. It is activated in person by a Dukcapil, desa or "
        "jemput bola officer."
    ),
    "Cara aktivasi IKD": "How to activate the IKD",
    "Republik Indonesia": "Republic of Indonesia",
    "ketuk untuk melihat": "tap to show",
    "Kode QR IKD": "IKD QR code",
    "Kode berlaku sampai {waktu}, diperbarui otomatis.": (
        "Code valid until {waktu}, renewed automatically."
    ),
    "Kartu offline": "Offline card",
    "Kode QR IKD untuk offline": "IKD QR code for offline use",
    "Untuk dipakai tanpa sinyal. Berlaku sampai {waktu}.": (
        "For use without signal. Valid until {waktu}."
    ),
    (
        "Kartu offline sudah kedaluwarsa. Buka halaman ini saat ada sinyal untuk memperbaruinya."
    ): "The offline card has expired. Open this page when you have signal to renew it.",
    # IKD activation (routes/ikd.py, services/ikd_aktivasi.py, templates/ikd).
    "Aktivasi IKD": "IKD activation",
    "Aktivasi berikutnya": "Next activation",
    "Berlaku sampai {waktu}.": "Valid until {waktu}.",
    "Buat kode aktivasi": "Create an activation code",
    "Buat kode baru": "Create a new code",
    "Buka IKD saya": "Open my IKD",
    "Cocokkan data warga": "Check the resident's data",
    "Data cocok, aktifkan IKD": "The data matches: activate the IKD",
    (
        "Datang ke petugas dengan ponsel ini, lalu tunjukkan kode aktivasi. Petugas "
        "mencocokkan data Anda, lalu mengaktifkan IKD."
    ): (
        "Go to an officer with this phone and show the activation code. The officer "
        "checks your data, then activates the IKD."
    ),
    "IKD Anda sudah aktif.": "Your IKD is active.",
    "IKD aktif": "IKD active",
    "IKD atas nama {nama} sudah aktif. Warga kini bisa membuka kartunya di aplikasi.": (
        "{nama}'s IKD is active. They can now open the card in the app."
    ),
    "Kode QR aktivasi IKD": "IKD activation QR code",
    "Kode aktivasi": "Activation code",
    "Kode aktivasi IKD": "IKD activation code",
    "Kode ini sudah kedaluwarsa.": "This code has expired.",
    "Lanjut": "Continue",
    (
        "Pastikan orang di depan Anda sesuai dengan data kependudukan ini (lihat KTP-el, "
        "KK, atau tanyakan tanggal lahir dan nama ibu)."
    ): (
        "Make sure the person in front of you matches this registry data (see the "
        "KTP-el or KK, or ask for the birth date and mother's name)."
    ),
    "Pindai kode QR aktivasi di ponsel warga, atau ketik kode di bawahnya.": (
        "Scan the activation QR code on the resident's phone, or type the code shown under it."
    ),
    "Ponsel hilang?": "Lost your phone?",
    (
        "Tangguhkan IKD agar kode di ponsel yang hilang tidak diterima pemeriksa yang "
        "daring. Aktifkan kembali di petugas dengan ponsel baru."
    ): (
        "Suspend the IKD so that online verifiers refuse the codes on the lost phone."
        " Have it activated again by an officer with your new phone."
    ),
    "Tangguhkan IKD saya": "Suspend my IKD",
    "Tidak cocok, batalkan": "It does not match: cancel",
    "Tunjukkan kode ini kepada petugas. Halaman ini berubah sendiri setelah IKD diaktifkan.": (
        "Show this code to the officer. This page changes by itself once the IKD is activated."
    ),
    "IKD ini sedang ditangguhkan (misalnya ponsel pemiliknya hilang).": (
        "This IKD is suspended (its holder's phone may have been lost)."
    ),
    "Kode aktivasi tidak ditemukan atau sudah kedaluwarsa. Minta warga membuat kode baru.": (
        "Activation code not found or expired. Ask the resident to create a new one."
    ),
    "Warga ini di luar wilayah tugas Anda.": "This resident is outside your area.",
    "IKD ini tidak aktif, atau di luar wilayah tugas Anda.": (
        "This IKD is not active, or is outside your area."
    ),
    "Anda hanya bisa menangguhkan IKD Anda sendiri.": "You can only suspend your own IKD.",
    "Anda belum diizinkan mengaktifkan IKD. Hubungi Dinas Dukcapil.": (
        "You are not yet allowed to activate IKD. Contact the Dukcapil office."
    ),
    # The QR reader (templates/_scanner.html) and the browser verifier.
    "Arahkan kamera ke kode QR.": "Point the camera at the QR code.",
    "Kamera tidak bisa dibuka. Pilih foto kode, atau ketik kodenya.": (
        "The camera could not be opened. Choose a photo of the code, or type the code."
    ),
    "Kamera tidak bisa dibuka. Pilih foto kode, atau tempel teksnya.": (
        "The camera could not be opened. Choose a photo of the code, or paste its text."
    ),
    "Kode QR tidak terbaca. Coba foto yang lebih jelas, atau ketik kodenya.": (
        "The QR code could not be read. Try a clearer photo, or type the code."
    ),
    "Kode QR tidak terbaca. Coba foto yang lebih jelas, atau tempel teksnya.": (
        "The QR code could not be read. Try a clearer photo, or paste its text."
    ),
    "Membaca kode…": "Reading the code…",
    "Pemeriksaan berjalan di perangkat ini, juga tanpa sinyal.": (
        "The check runs on this device, also without signal."
    ),
    "Pilih foto kode": "Choose a photo of the code",
    "Pindai dengan kamera": "Scan with the camera",
    "Kunci pemeriksa belum tersimpan. Buka halaman ini sekali saat ada sinyal.": (
        "The verification keys are not on this device yet. Open this page once with signal."
    ),
    # Operators allowed to activate IKD (templates/ikd/izin.html) and audit labels.
    "Izin aktivasi IKD": "IKD activation permissions",
    (
        "Operator desa yang diizinkan bisa mengaktifkan IKD warga desanya di kantor desa. "
        "Setiap perubahan tercatat di log audit."
    ): (
        "Desa operators who are allowed can activate the IKD of their desa's residents at the "
        "desa office. Every change is recorded in the audit log."
    ),
    "Diizinkan": "Allowed",
    "Belum diizinkan": "Not allowed",
    "Cabut izin": "Withdraw",
    "Cabut izin {nama}": "Withdraw {nama}'s permission",
    "Izinkan": "Allow",
    "Izinkan {nama}": "Allow {nama}",
    "Tidak ada operator desa di wilayah Anda.": "There are no desa operators in your area.",
    "Operator desa tidak ditemukan di wilayah Anda.": "No such desa operator in your area.",
    "Mengaktifkan IKD": "Activated an IKD",
    "Menangguhkan IKD": "Suspended an IKD",
    "Mengizinkan operator desa mengaktifkan IKD": "Allowed a desa operator to activate IKD",
    "Mencabut izin aktivasi IKD operator desa": (
        "Withdrew a desa operator's IKD activation permission"
    ),
    "Akun": "Account",
    # --- Jemput bola: visits, booking and tickets (jemput_bola/index.html, kunjungan.html,
    # _booking_form.html, tiket.html, _ticket_state.html, beranda/_kunjungan.html)
    "Jemput bola": "Jemput bola",  # the programme's name; also the menu (NAV_ITEMS)
    (
        "Tim Dukcapil datang ke desa untuk merekam KTP-el, menyerahkan KTP-el yang sudah dicetak, "
        "dan mengaktifkan IKD. Pesan jam kedatangan agar tidak menunggu lama."
    ): (
        "The Dukcapil team comes to the desa to record KTP-el, hand over printed KTP-el cards and "
        "activate IKD. Book an arrival time so you don't have to wait long."
    ),
    "Rencana kunjungan": "Visit plan",
    "Kebutuhan per desa": "Needs per desa",
    "Tim dan perangkat": "Teams and equipment",
    "Tiket saya": "My tickets",
    "Kunjungan {tim}": "Visits by {tim}",
    "Kunjungan ke desa Anda": "Visits to your desa",
    "Kunjungan yang diumumkan": "Published visits",
    "Akun Anda belum masuk tim keliling. Minta Dinas memasukkan Anda ke tim.": (
        "Your account is not in a mobile team yet. Ask the Dinas to add you to a team."
    ),
    "{n} tempat tersisa": "Places left: {n}",
    "Penuh — daftar tunggu dibuka": "Full — waiting list open",
    "Penuh": "Full",
    "Daftar lapangan": "Field roster",
    "Laporan": "Report",
    "Belum ada kunjungan yang diumumkan.": "No visits have been published yet.",
    "Masuk untuk memesan": "Sign in to book",
    "Semua kunjungan dan tiket": "All visits and tickets",
    "Kunjungan jemput bola": "Jemput bola visit",
    "Jemput bola di Desa {desa}": "Jemput bola in Desa {desa}",
    "Tanggal": "Date",
    "Tempat": "Place",
    "Tim": "Team",
    "Perekaman KTP-el, penyerahan KTP-el yang sudah dicetak, aktivasi IKD": (
        "KTP-el recording, handing over printed KTP-el cards, IKD activation"
    ),
    "Kunjungan ini sudah selesai.": "This visit is over.",
    "Jam kedatangan": "Arrival time",
    "Kunjungan ke rumah": "Home visit",
    "Jam {mulai}–{selesai}": "{mulai}–{selesai}",
    (
        "Kunjungan ini untuk warga Desa {desa}. Anda hanya bisa memesan kunjungan di desa Anda "
        "sendiri."
    ): ("This visit is for residents of Desa {desa}. You can only book visits in your own desa."),
    "Pesan untuk {nama}": "Book for {nama}",
    "Warga yang perlu dilayani": "Residents to serve",
    (
        "Warga dewasa yang belum rekam KTP-el, atau yang dokumennya menunggu diambil, dan belum "
        "memesan."
    ): (
        "Adults not yet recorded for KTP-el, or whose documents are waiting to be collected, who "
        "have not booked yet."
    ),
    "Cari nama": "Search by name",
    "Pesankan": "Book a time",
    "Tidak ada warga yang cocok.": "No matching residents.",
    "Cetak daftar yang akan datang": "Print the list of who is coming",
    "Pesan jam kedatangan": "Book an arrival time",
    "Untuk siapa": "For whom",
    "Keperluan": "Purpose",
    "Jika jam ini penuh, masukkan ke daftar tunggu": (
        "If this time is full, add to the waiting list"
    ),
    "Pesan": "Book",
    "Lansia atau penyandang disabilitas? Minta kunjungan ke rumah": (
        "Elderly or living with a disability? Ask for a home visit"
    ),
    "Alamat atau petunjuk jalan": "Address or directions",
    "Tim datang ke rumah pukul {mulai}–{selesai}. {n} tempat tersisa.": (
        "The team visits homes from {mulai} to {selesai}. Places left: {n}."
    ),
    "Minta kunjungan ke rumah": "Ask for a home visit",
    "Tiket jemput bola": "Jemput bola ticket",
    "Dukcapil Kabupaten Lombok Timur": "Dukcapil, East Lombok Regency",
    "Kode tiket": "Ticket code",
    "Di rumah: {alamat}": "At home: {alamat}",
    "Jam": "Time",
    (
        "Anda nomor {n} di daftar tunggu. Jika ada yang membatalkan, tempatnya otomatis menjadi "
        "milik Anda."
    ): (
        "You are number {n} on the waiting list. If someone cancels, their place becomes yours "
        "automatically."
    ),
    "Kode QR tiket": "Ticket QR code",
    "Tunjukkan kode ini kepada petugas. Tiket ini tetap bisa dibuka tanpa sinyal.": (
        "Show this code to the officer. This ticket opens without signal too."
    ),
    "Bawa KK atau dokumen lain yang Anda punya.": "Bring your KK or any other documents you have.",
    "Ganti jam": "Change time",
    "Batalkan pemesanan": "Cancel booking",
    "Kembali ke jemput bola": "Back to jemput bola",
    "Daftar tunggu": "Waiting list",
    "Dibatalkan": "Cancelled",
    "Sudah hadir": "Checked in",
    # Why a home visit (services/pemesanan.HOME_REASONS).
    "Lanjut usia": "Elderly",
    "Penyandang disabilitas": "Person with a disability",
    # What a booking is for (KEPERLUAN_LABELS).
    "Rekam KTP-el": "KTP-el recording",
    "Ambil KTP-el yang sudah dicetak": "Collect a printed KTP-el",
    # --- The printed attendance list (jemput_bola/daftar_hadir.html)
    "Daftar hadir jemput bola": "Jemput bola attendance list",
    "No.": "#",
    "Tanda tangan": "Signature",
    "Di rumah": "At home",
    "Belum ada yang memesan.": "Nobody has booked yet.",
    # --- The field day (jemput_bola/lapangan.html, _baris_lapangan.html, web/static/lapangan.js)
    "Daftar lapangan: Desa {desa}": "Field roster: Desa {desa}",
    "Kode QR tidak terbaca. Coba lagi, atau cari namanya.": (
        "The QR code could not be read. Try again, or search for the name."
    ),
    "Kamera tidak bisa dibuka. Pilih foto tiket, atau cari namanya.": (
        "The camera could not be opened. Choose a photo of the ticket, or search for the name."
    ),
    "Arahkan kamera ke kode QR tiket.": "Point the camera at the ticket's QR code.",
    "{nama} tercatat hadir.": "{nama} is checked in.",
    "{nama} sudah tercatat hadir.": "{nama} is already checked in.",
    "Tiket {kode} tidak ada di daftar kunjungan ini. Daftarkan sebagai warga datang langsung.": (
        "Ticket {kode} is not on this visit's list. Register them as a walk-in."
    ),
    "{hasil}: {nama}. Tersimpan di perangkat, dikirim saat ada sinyal.": (
        "{hasil}: {nama}. Saved on the device, sent when there is signal."
    ),
    "Hadir {hadir} dari {jumlah} · dilayani {dilayani}": (
        "Present: {hadir} of {jumlah} · served: {dilayani}"
    ),
    "NIK harus 16 angka.": "A NIK has 16 digits.",
    "Tulis nama warga.": "Write the resident's name.",
    "Warga datang langsung": "Walk-in",
    "Jemput bola Desa {desa}": "Jemput bola in Desa {desa}",
    (
        "Daftar ini tersimpan di perangkat dan tetap bisa dipakai tanpa sinyal. Semua catatan "
        "dikirim otomatis saat ada sinyal."
    ): (
        "This list is saved on the device and works without signal. All records are sent "
        "automatically when there is signal."
    ),
    "Pindai tiket": "Scan a ticket",
    "Catat hadir": "Check in",
    "Daftar warga": "Resident list",
    "NIK (jika ada)": "NIK (if known)",
    "Daftarkan": "Register",
    "Perangkat": "Equipment",  # also GAGAL_LABELS: the equipment failed
    "Laporkan perangkat {kode} rusak": "Report equipment {kode} as broken",
    "Laporan kunjungan": "Visit report",
    "Alasan gagal": "Reason for failure",
    # Field records (CATATAN_LABELS) and why a service failed (GAGAL_LABELS).
    "Hadir": "Present",
    "Sudah direkam": "Recorded",
    "Gagal": "Failed",
    "KTP-el diserahkan": "KTP-el handed over",
    "IKD diaktifkan": "IKD activated",
    "Jaringan": "Network",
    "Listrik": "Power",
    "Data tidak cocok": "Data mismatch",
    # --- The visit report (jemput_bola/laporan.html)
    "Laporan jemput bola: Desa {desa}": "Jemput bola report: Desa {desa}",
    "warga dilayani": "residents served",
    "hadir, dari {n} yang memesan": "present, of {n} who booked",
    "memesan tetapi tidak datang": "booked but did not come",
    "datang langsung tanpa pesan": "walked in without booking",
    "Hasil layanan": "Service outcomes",
    "Gagal, menurut alasan": "Failures by reason",
    "Masalah perangkat": "Equipment problems",
    "Tidak ada masalah perangkat yang dilaporkan.": "No equipment problems were reported.",
    "Angka Desa {desa} sekarang": "Desa {desa} figures now",
    "Warga dewasa belum rekam KTP-el": "Adults not yet recorded for KTP-el",
    "KTP-el menunggu diserahkan": "KTP-el waiting to be handed over",
    "Permintaan aktivasi IKD": "IKD activation requests",
    "Kembali ke daftar lapangan": "Back to the field roster",
    "Tutup kunjungan": "Close the visit",
    # --- Planning at the Dinas (jemput_bola/rencana.html, kunjungan_ubah.html, kebutuhan.html)
    "Rencana jemput bola": "Jemput bola plan",
    (
        "Dekat mengusulkan kunjungan ke desa yang paling banyak warganya belum terlayani, sesuai "
        "tim, perangkat yang baik, jarak, dan hari libur. Periksa setiap usulan, ubah bila perlu, "
        "lalu terima dan umumkan."
    ): (
        "Dekat proposes visits to the desa with the most residents not yet served, taking teams, "
        "working equipment, distance and days off into account. Check each proposal, change it if "
        "needed, then accept and publish it."
    ),
    "Mulai tanggal": "Start date",
    "Berapa minggu": "How many weeks",
    "Buat usulan rencana": "Propose a plan",
    (
        "Usulan lama yang belum diterima sejak tanggal ini diganti. Kunjungan yang sudah diterima "
        "atau diumumkan tetap."
    ): (
        "Earlier proposals from this date on that were not accepted are replaced. Accepted or "
        "published visits stay."
    ),
    "{mulai} sampai {sampai}": "{mulai} to {sampai}",
    "{usul} diusulkan · {terima} diterima · {umum} diumumkan": (
        "{usul} proposed · {terima} accepted · {umum} published"
    ),
    "{orang} warga direncanakan dalam {hari} hari-tim ({rata} per hari-tim).": (
        "{orang} residents planned over {hari} team-days ({rata} per team-day)."
    ),
    "{n} orang": "{n} people",
    "{menit} menit perjalanan pulang-pergi": "{menit} minutes' round trip",
    "Perangkat {kode} sedang tidak baik: ganti perangkat atau tolak.": (
        "Equipment {kode} is not working: change the equipment or reject the visit."
    ),
    "Lihat pemesanan": "See bookings",
    "Belum ada kunjungan pada minggu-minggu ini. Buat usulan rencana di atas.": (
        "No visits in these weeks yet. Propose a plan above."
    ),
    "Hari libur": "Days off",
    "Tidak ada hari libur pada minggu-minggu ini.": "No days off in these weeks.",
    "Tanggal libur": "Date of the day off",
    "Semua tim (libur nasional)": "All teams (public holiday)",
    "Keterangan": "Description",
    "Tambah hari libur": "Add a day off",
    # The plan's buttons (a `(action, label)` list in rencana.html) and notices (routes/rencana.py).
    "Terima semua usulan": "Accept all proposals",
    "Umumkan semua yang diterima": "Publish all accepted visits",
    "Terima": "Accept",
    "Umumkan": "Publish",
    "{n} usulan diterima.": "Proposals accepted: {n}.",
    "{n} kunjungan diumumkan ke warga.": "Visits published to residents: {n}.",
    # A visit's status (KUNJUNGAN_STATUS_LABELS).
    "Diusulkan": "Proposed",
    "Diterima": "Accepted",
    "Diumumkan": "Published",
    "Ubah kunjungan": "Edit visit",
    "Ubah kunjungan ke Desa {desa}": "Edit the visit to Desa {desa}",
    "Perangkat perekaman": "Recording kit",
    "{n} orang/hari": "{n} people/day",
    "Kapasitas (orang)": "Capacity (people)",
    "Simpan": "Save",
    "Kembali ke rencana": "Back to the plan",
    "Kebutuhan jemput bola per desa": "Jemput bola needs per desa",
    "Tampilkan": "Show",
    "Pemesanan terbuka": "Open bookings",
    "Sudah direncanakan": "Already planned",
    "Kunjungan terakhir": "Last visit",
    "Perjalanan": "Travel",
    "Belum pernah": "Never",
    "{menit} menit dari {tim}": "{menit} minutes from {tim}",
    # --- Teams and equipment (jemput_bola/perangkat.html)
    "Tim keliling dan perangkat": "Mobile teams and equipment",
    "Kantor asal: {kantor}": "Home office: {kantor}",
    "Anggota": "Members",
    "belum ada": "none yet",
    "Tambah anggota": "Add a member",
    "Tambah": "Add",
    "sejak {tanggal}": "since {tanggal}",
    "Riwayat dan ubah status": "History and status change",
    "dilaporkan ke {siapa}": "reported to {siapa}",
    "Belum ada perubahan status.": "No status changes yet.",
    "Status baru": "New status",
    "Catatan": "Note",
    "Dilaporkan ke": "Reported to",
    "Simpan status": "Save status",
    # Kinds of equipment (PERANGKAT_LABELS) and their status (PERANGKAT_STATUS_LABELS).
    "Set perekaman KTP-el": "KTP-el recording kit",
    "Printer kartu": "Card printer",
    "Baik": "Working",
    "Dalam perbaikan": "Being repaired",
    # --- Jemput bola refusals (VisitError, BookingError: services/kunjungan.py, pemesanan.py,
    # lapangan.py; routes/jemput_bola.py, rencana.py)
    "Kunjungan tidak ditemukan.": "Visit not found.",  # also jemput_bola.VISIT_NOT_FOUND
    # Jemput_bola.TICKET_NOT_FOUND:
    "Tiket tidak ditemukan, atau bukan milik Anda.": "Ticket not found, or it isn't yours.",
    "Kunjungan ini tidak ditemukan, atau bukan tugas tim Anda.": (
        "Visit not found, or it isn't your team's."
    ),
    "Kunjungan ini tidak ditemukan atau belum diumumkan.": "Visit not found, or not published yet.",
    "Kunjungan ini sudah lewat.": "This visit has already taken place.",
    "Kunjungan ini sudah lewat atau sudah ditutup.": "This visit is over or closed.",
    "Kunjungan ini belum berlangsung.": "This visit has not taken place yet.",
    "Kunjungan ini tidak membawa perangkat perekaman.": "This visit has no recording kit.",
    "Anda hanya bisa memesan untuk diri sendiri atau anggota KK Anda.": (
        "You can only book for yourself or a member of your KK."
    ),
    "Penduduk ini bukan warga desa Anda.": "This resident does not live in your desa.",
    "Kunjungan ini untuk warga Desa {desa}. Pilih kunjungan di desa Anda sendiri.": (
        "This visit is for residents of Desa {desa}. Choose a visit in your own desa."
    ),
    "Pilih keperluan Anda.": "Choose what you need.",
    "Pilih keperluan.": "Choose what they need.",
    "Kunjungan ke rumah hanya untuk lansia dan penyandang disabilitas.": (
        "Home visits are only for the elderly and people with disabilities."
    ),
    "Tulis alamat rumah atau petunjuk jalannya (5 sampai 200 karakter).": (
        "Write the home address or directions (5 to 200 characters)."
    ),
    "Pilih kunjungan ke rumah.": "Choose the home visit.",
    "Pilih jam kedatangan dari daftar.": "Choose an arrival time from the list.",
    "Jadwal ini sudah penuh. Pilih jam lain, atau masuk daftar tunggu.": (
        "This time is full. Choose another time, or join the waiting list."
    ),  # pemesanan.FULL
    "Jam itu sudah penuh. Pilih jam lain.": "That time is full. Choose another time.",
    "Itu jam yang sudah Anda pesan.": "You have already booked that time.",
    "{nama} sudah punya pemesanan untuk kunjungan ini. Lihat tiketnya di daftar pemesanan.": (
        "{nama} already has a booking for this visit. See the ticket in the list of bookings."
    ),
    "Pemesanan ini sudah dibatalkan atau sudah dilayani.": (
        "This booking has already been cancelled or served."
    ),
    "Kunjungan ke rumah tidak punya jam; batalkan lalu pesan lagi.": (
        "A home visit has no time slot; cancel it, then book again."
    ),
    "Orang ini tidak ada di daftar kunjungan ini. Daftarkan sebagai warga datang langsung.": (
        "This person is not on this visit's list. Register them as a walk-in."
    ),  # lapangan.NOT_ON_ROSTER
    "Kode catatan tidak valid.": "The record code is not valid.",
    "Pilih hasil layanan dari daftar.": "Choose an outcome from the list.",
    "Pilih alasan gagal: perangkat, jaringan, listrik, atau data.": (
        "Choose why it failed: equipment, network, power or data."
    ),
    "Waktu pencatatan tidak terbaca.": "The time of the record could not be read.",
    "Waktu pencatatan di perangkat tidak masuk akal. Periksa jam perangkat.": (
        "The time recorded on the device makes no sense. Check the device's clock."
    ),
    "Kode tiket warga datang langsung tidak valid.": "The walk-in's ticket code is not valid.",
    "Kode tiket ini sudah dipakai. Daftarkan lagi.": "This ticket code is taken. Register again.",
    "Tulis nama warga (2 sampai 120 huruf).": "Write the resident's name (2 to 120 letters).",
    "{nama} sudah ada di daftar (tiket {kode}). Catat hasilnya pada nama itu.": (
        "{nama} is already on the list (ticket {kode}). Record the outcome under that name."
    ),
    "Pilih 1 sampai {n} minggu.": "Choose 1 to {n} weeks.",
    "Tanggal mulai sudah lewat.": "The start date has passed.",
    "Tanggal mulai tidak valid.": "The start date is not valid.",
    "Tanggal tidak valid.": "The date is not valid.",
    "Tanggal libur tidak valid.": "The date of the day off is not valid.",
    "Tanggal kunjungan sudah lewat.": "The visit date has passed.",
    "Kunjungan hanya pada hari kerja (Senin sampai Jumat).": (
        "Visits are on working days only (Monday to Friday)."
    ),
    "Tanggal itu hari libur: {reason}.": "That date is a day off: {reason}.",
    "Pilih perangkat perekaman milik tim ini.": "Choose a recording kit of this team.",
    "Perangkat {kode} sedang tidak baik dan tidak bisa dibawa.": (
        "Equipment {kode} is not working and can't be taken out."
    ),
    "Kapasitas harus 1 sampai {n} orang (kemampuan perangkat sehari).": (
        "Capacity must be 1 to {n} people (what the equipment can handle in a day)."
    ),
    "Kapasitas harus berupa angka.": "Capacity must be a number.",
    "Pilih tim dan perangkat.": "Choose a team and equipment.",
    "Tim atau perangkat ini sudah punya kunjungan lain pada tanggal itu.": (
        "This team or equipment already has another visit on that date."
    ),
    "Tulis tempat kunjungan (maksimal 120 karakter).": (
        "Write the visit's place (at most 120 characters)."
    ),
    "Kunjungan yang sudah diumumkan tidak bisa diubah di sini.": (
        "A published visit can't be changed here."
    ),
    "Hanya usulan yang bisa diterima.": "Only proposals can be accepted.",
    "Kunjungan yang sudah diumumkan tidak bisa ditolak.": "A published visit can't be rejected.",
    "Terima kunjungan ini dulu, baru umumkan.": "Accept this visit first, then publish it.",
    "Tim tidak ditemukan.": "Team not found.",
    "Tulis keterangan hari libur (maksimal 120 karakter).": (
        "Describe the day off (at most 120 characters)."
    ),
    "Perangkat tidak ditemukan.": "Equipment not found.",
    "Pilih status perangkat: baik, rusak, atau dalam perbaikan.": (
        "Choose the equipment's status: working, damaged or being repaired."
    ),
    "Catatan terlalu panjang.": "The note is too long.",
    "Pilih petugas keliling yang belum masuk tim.": (
        "Choose a mobile service officer who is not in a team yet."
    ),
    # Audit (ACTION_LABELS) and the request timeline (services/lapangan.py: the unit and
    # HANDED_OVER_NOTE, shown through `_(e.unit)` and `_(e.catatan)`).
    "Memesan jemput bola untuk warga": "Booked a jemput bola visit for a resident",
    "Tim jemput bola": "Jemput bola team",
    "KTP-el diserahkan saat jemput bola": "KTP-el handed over at a jemput bola visit",
    # Notifications (/notifikasi).
    "Pengumuman": "Announcement",
    "Kirim pengumuman": "Send an announcement",
    (
        "Pengumuman dikirim sebagai notifikasi ke ponsel warga dan petugas yang memilih topik "
        '"Pengumuman Dukcapil". Tulis singkat: judul dan isi harus terbaca di layar kunci.'
    ): (
        "An announcement goes as a notification to the phones of citizens and staff who chose "
        'the "Dukcapil announcements" topic. Keep it short: the title and text must read on a '
        "lock screen."
    ),
    "Pengumuman diantre untuk {n} perangkat.": "The announcement is queued for {n} devices.",
    "Judul": "Title",
    "Isi": "Text",
    "Halaman yang dibuka (bila perlu)": "Page it opens (if any)",
    "Pengumuman terakhir": "Latest announcements",
    "{n} perangkat": "{n} devices",
    "Belum ada pengumuman.": "No announcements yet.",
    "Tulis judul pengumuman.": "Write the announcement's title.",
    "Judul maksimal {n} karakter agar terbaca di ponsel.": (
        "The title can be at most {n} characters, to read on a phone."
    ),
    "Tulis isi pengumuman.": "Write the announcement's text.",
    "Isi maksimal {n} karakter agar terbaca di ponsel.": (
        "The text can be at most {n} characters, to read on a phone."
    ),
    "Tautan harus halaman Dekat sendiri, misalnya /jemput-bola.": (
        "The link must be a page of Dekat itself, for example /jemput-bola."
    ),
    "Pilih wilayah dari daftar.": "Choose an area from the list.",
    "Mengirim pengumuman": "Sent an announcement",
    "Aktifkan notifikasi": "Turn on notifications",
    "Atur notifikasi": "Notification settings",
    "Beri tahu saya tentang": "Tell me about",
    "Browser akan meminta izin setelah Anda menekan tombol. Anda bisa mematikannya kapan saja.": (
        "Your browser asks for permission after you press the button. You can turn "
        "them off at any time."
    ),
    (
        "Browser ini menolak notifikasi untuk Dekat. Izinkan lewat pengaturan situs "
        "di browser, lalu coba lagi."
    ): (
        "This browser blocks notifications from Dekat. Allow them in the browser's "
        "site settings, then try again."
    ),
    (
        "Browser ini tidak mendukung notifikasi. Gunakan Chrome, Firefox, Edge, atau "
        "Safari yang terbaru."
    ): (
        "This browser does not support notifications. Use an up-to-date Chrome, "
        "Firefox, Edge or Safari."
    ),
    (
        "Dekat bisa memberi tahu Anda di ponsel ini saat ada kabar: KTP-el sudah siap"
        " diambil, tim jemput bola datang ke desa Anda, atau blanko sudah tersedia. "
        "Notifikasi hanya berisi nama depan dan tautan, tanpa NIK."
    ): (
        "Dekat can tell you on this phone when there is news: your KTP-el is ready to"
        " collect, a jemput bola team is coming to your desa, or blanko is in stock. "
        "Notifications carry only a first name and a link, never a NIK."
    ),
    "Di tablet bersama, notifikasi berhenti saat Anda keluar.": (
        "On a shared tablet, notifications stop when you sign out."
    ),
    "Matikan notifikasi di perangkat ini": "Turn off notifications on this device",
    "Notifikasi": "Notifications",
    "Notifikasi aktif di perangkat ini.": "Notifications are on for this device.",
    "Notifikasi belum aktif di perangkat ini.": "Notifications are not on for this device yet.",
    "Notifikasi belum bisa diaktifkan. Periksa sinyal lalu coba lagi.": (
        "Notifications could not be turned on. Check your signal and try again."
    ),
    "Perangkat ini": "This device",
    "Pilihan topik tersimpan.": "Your topics are saved.",
    "Simpan pilihan": "Save choices",
    "Status permohonan saya": "The status of my requests",
    "Jemput bola di desa saya dan pemesanan saya": "Jemput bola visits in my desa and my bookings",
    "Stok blanko KTP-el di kantor saya": "Blanko KTP-el stock at my office",
    "Pengumuman Dukcapil": "Dukcapil announcements",
    "Data langganan notifikasi tidak dikenali. Muat ulang halaman lalu coba lagi.": (
        "The notification subscription was not recognised. Reload the page and try again."
    ),
    (
        "Alamat layanan notifikasi ini tidak diizinkan. Gunakan Chrome, Firefox, "
        "Edge, atau Safari yang terbaru."
    ): (
        "This notification service address is not allowed. Use an up-to-date Chrome, "
        "Firefox, Edge or Safari."
    ),
    "Pilih topik dari daftar.": "Choose topics from the list.",
    "Anda hanya bisa berlangganan notifikasi untuk akun Anda sendiri.": (
        "You can only subscribe to notifications for your own account."
    ),
    "Notifikasi terkirim": "Notifications sent",
    "{hari} hari terakhir · {n} perangkat berlangganan": (
        "Last {hari} days · {n} devices subscribed"
    ),
    "Topik": "Topic",
    "Dibuat": "Created",
    "Terkirim": "Delivered",
    "Diklik": "Clicked",
    "Menunggu": "Waiting",
    (
        "Terkirim: diterima layanan push untuk ponsel warga. Gagal: langganan sudah berakhir "
        "atau ditolak layanan push."
    ): (
        "Delivered: accepted by the push service for the citizen's phone. Failed: the "
        "subscription had ended or the push service refused it."
    ),
    # --- Blanko stock and the print queue (blanko/*.html, services/blanko.py)
    "Menampilkan {n} yang pertama.": "Showing the first {n}.",
    "Mencetak KTP-el (memakai satu blanko)": "Printed a KTP-el (used one blanko)",
    "Mencatat kedatangan blanko": "Recorded a blanko arrival",
    "Mengoreksi stok blanko": "Corrected blanko stock",
    "Mencetak KTP-el di luar urutan": "Printed a KTP-el out of turn",
    "Blanko": "Blanko",
    "Stok blanko": "Blanko stock",
    (
        "Blanko adalah kartu kosong untuk mencetak KTP-el. Stok setiap kantor diperbarui "
        "petugas setiap ada kedatangan, pemakaian, atau koreksi."
    ): (
        "Blanko are the blank cards KTP-el are printed on. Staff update each office's stock at "
        "every arrival, use or correction."
    ),
    (
        "KTP-el dicetak sesuai urutan siap cetak di setiap kantor. Urutan Anda terlihat di "
        "halaman permohonan Anda dan di halaman lacak."
    ): (
        "At every office, KTP-el are printed in the order they became ready to print. Your "
        "place shows on your request's page and on the tracking page."
    ),
    "{n} kantor sedang kehabisan blanko.": "{n} offices are out of blanko.",
    "Sambil menunggu, pakai KTP digital (IKD). IKD sah untuk layanan yang memerlukan KTP.": (
        "While you wait, use the digital ID (IKD). IKD is valid wherever a KTP is needed."
    ),
    "{n} orang menunggu KTP-el dicetak di semua kantor.": (
        "{n} people are waiting for their KTP-el to be printed, across all offices."
    ),
    "{n} lembar": "{n} cards",
    "Kedatangan terakhir": "Last arrival",
    "Belum tercatat": "Not recorded yet",
    "Diperbarui": "Updated",
    "Catat stok": "Record stock",
    "Antrean cetak": "Print queue",
    "Cetak di luar urutan": "Printed out of turn",
    "Catat stok blanko": "Record blanko stock",
    "Tersimpan. Stok dan riwayat sudah diperbarui.": (
        "Saved. The stock and its history are updated."
    ),
    "Jenis catatan": "Kind of record",
    "Kedatangan blanko": "Blanko arrived",
    "Koreksi (rusak, hilang, salah hitung)": "Correction (spoilt, lost, miscounted)",
    "Jumlah lembar": "Number of cards",
    "Untuk koreksi yang mengurangi stok, tulis angka negatif, misalnya -3.": (
        "For a correction that lowers the stock, write a negative number, for example -3."
    ),
    "Catatan (wajib untuk koreksi)": "Note (required for a correction)",
    "Riwayat stok": "Stock history",
    "Jenis": "Kind",
    "Sisa": "Left",
    "Oleh": "By",
    "Di luar urutan (melewati {n}):": "Out of turn (passed {n}):",
    "Belum ada catatan stok.": "No stock records yet.",
    "Antrean cetak KTP-el": "KTP-el print queue",
    (
        "{kantor}: {n} menunggu, blanko {stok} lembar. Cetak dari atas; mencetak yang di bawah "
        "lebih dulu wajib disertai alasan."
    ): (
        "{kantor}: {n} waiting, {stok} blanko cards. Print from the top; printing one further "
        "down first needs a reason."
    ),
    "siap cetak {waktu}": "ready to print {waktu}",
    "Tidak ada yang menunggu cetak.": "Nobody is waiting to print.",
    (
        "KTP-el yang dicetak sebelum gilirannya, dengan alasan yang ditulis petugas. Setiap "
        "cetak tercatat di log audit."
    ): (
        "KTP-el printed before their turn, with the reason staff wrote. Every print is in the "
        "audit log."
    ),
    "Permohonan {kode} melewati {n} permohonan yang lebih dulu siap.": (
        "Request {kode} passed {n} requests that were ready earlier."
    ),
    "Alasan: {alasan}": "Reason: {alasan}",
    "Dicetak oleh: {nama} ({peran})": "Printed by: {nama} ({peran})",
    "Belum ada KTP-el yang dicetak di luar urutan.": "No KTP-el has been printed out of turn.",
    "Urutan cetak: ke-{n}": "Print queue: number {n}",
    "di {kantor}. KTP-el dicetak sesuai urutan siap cetak.": (
        "at {kantor}. KTP-el are printed in the order they became ready."
    ),
    "Blanko di kantor ini sedang habis. Sambil menunggu, Anda bisa memakai KTP digital (IKD).": (
        "This office is out of blanko. While you wait, you can use the digital ID (IKD)."
    ),
    "Blanko tersedia: {n} lembar.": "Blanko available: {n} cards.",
    "Stok semua kantor": "Stock at every office",
    "Alasan mencetak sebelum gilirannya": "Why this card prints before its turn",
    "Ada {n} permohonan yang lebih dulu siap dicetak. Alasan ini dicatat dan dibaca pengawas.": (
        "{n} requests were ready to print earlier. This reason is recorded and read by oversight."
    ),
    "Cetak KTP-el dan siap diambil": "Print the KTP-el, ready to collect",
    "Tersedia": "Available",
    "Menipis": "Running low",
    "Habis": "Out",
    "Kedatangan": "Arrival",
    "Dicetak": "Printed",
    "Koreksi": "Correction",
    "Kantor tidak ditemukan.": "Office not found.",
    "Pilih kantor yang stoknya Anda kelola.": "Choose an office whose stock you manage.",
    "Pilih jenis catatan: kedatangan atau koreksi.": (
        "Choose the kind of record: arrival or correction."
    ),
    "Jumlah harus bilangan bulat, misalnya 500 atau -3.": (
        "The number must be a whole number, for example 500 or -3."
    ),
    "Jumlah tidak boleh 0.": "The number cannot be 0.",
    "Jumlah terlalu besar (maksimal {n} lembar sekali catat).": (
        "The number is too large (at most {n} cards at a time)."
    ),
    "Kedatangan harus positif. Untuk mengurangi stok, pilih koreksi.": (
        "An arrival must be positive. To lower the stock, choose correction."
    ),
    "Tuliskan alasan koreksi, misalnya 5 blanko rusak saat dicetak.": (
        "Write why you correct the stock, for example 5 blanko spoilt while printing."
    ),
    "Catatan terlalu panjang (maksimal {n} karakter).": (
        "The note is too long (at most {n} characters)."
    ),
    "Stok tidak boleh kurang dari 0. Stok sekarang {n} lembar.": (
        "The stock cannot go below 0. It is {n} cards now."
    ),
    (
        "Ada {n} permohonan yang lebih dulu siap dicetak di kantor ini. Cetak sesuai urutan, "
        "atau tuliskan alasan mencetak lebih dulu (misalnya keadaan darurat)."
    ): (
        "{n} requests at this office were ready to print earlier. Print in order, or write why "
        "this one goes first (an emergency, for example)."
    ),
    (
        "Blanko di kantor ini habis. Catat kedatangan blanko dulu, atau arahkan pemohon ke "
        "aktivasi IKD."
    ): (
        "This office is out of blanko. Record an arrival first, or point the applicant to IKD "
        "activation."
    ),
    # --- Equipment, public summary (perangkat/*.html)
    "Perangkat perekaman dan pencetak": "Recording and printing equipment",
    (
        "Alat perekaman KTP-el dan printer kartu di setiap kecamatan: yang berfungsi, yang "
        "rusak, sejak kapan, dan kepada siapa kerusakan dilaporkan."
    ): (
        "KTP-el recording sets and card printers in every kecamatan: which work, which are "
        "broken, since when, and whom the fault was reported to."
    ),
    (
        "{n} perangkat sedang rusak atau diperbaiki; {lama} di antaranya lebih dari {hari} "
        "hari dan sudah ditandai untuk Dinas dan pengawas."
    ): (
        "{n} kits are broken or in repair; {lama} of them for more than {hari} days, flagged "
        "to the Dinas and oversight."
    ),
    (
        "Bila alat di kecamatan Anda rusak, cari jadwal jemput bola atau datang ke kecamatan "
        "terdekat yang alatnya berfungsi."
    ): (
        "If the kit in your kecamatan is broken, look for a jemput bola visit or go to the "
        "nearest kecamatan whose kit works."
    ),
    "Jadwal jemput bola": "Jemput bola schedule",
    "Alat perekaman": "Recording sets",
    "{baik} berfungsi, {rusak} rusak": "{baik} working, {rusak} broken",
    "sejak {tanggal} ({n} hari)": "since {tanggal} ({n} days)",
    "lebih dari {n} hari": "more than {n} days",
    "Dilaporkan ke: {siapa}": "Reported to: {siapa}",
    "Belum tercatat dilaporkan ke siapa pun.": "Not recorded as reported to anyone.",
    "Belum ada perangkat yang tercatat.": "No equipment recorded yet.",
    "{n} perangkat rusak lebih dari {hari} hari": "{n} kits broken for more than {hari} days",
    "{n} hari": "{n} days",
    "Lihat semua perangkat": "See all equipment",
    # --- Complaints (pengaduan/*.html, services/pengaduan.py)
    "Laporkan / Pengaduan": "Report / Complaints",
    "Pengaduan": "Complaints",
    "Kelola pengaduan": "Manage complaints",
    "Laporkan pungli, calo, atau layanan yang buruk": (
        "Report illegal fees, brokers or poor service"
    ),
    (
        "Pengaduan dibaca pengawas dan Dinas Dukcapil kabupaten, bukan kantor yang Anda "
        "laporkan. Anda boleh mengirim tanpa nama."
    ): (
        "Complaints are read by oversight and the regency's Dukcapil office, not by the office "
        "you report. You may send one without your name."
    ),
    "Lihat pengaduan dengan kode": "Open a complaint with its code",
    "Lihat pengaduan": "Open a complaint",
    "Pengaduan saya": "My complaints",
    "Buat pengaduan": "Make a complaint",
    "Apa yang terjadi?": "What happened?",
    "Ceritakan kejadiannya": "Describe what happened",
    "Kapan, di mana, dan apa yang terjadi. Tidak perlu menulis NIK atau nomor KK.": (
        "When, where and what happened. There is no need to write a NIK or KK number."
    ),
    "Kantor yang dilaporkan (bila ada)": "Office you are reporting (if any)",
    "Kantor yang dilaporkan": "Office reported",
    "Tidak ada atau tidak tahu": "None, or not known",
    "Desa tempat kejadian (bila ada)": "Desa where it happened (if any)",
    "Desa tempat kejadian": "Desa where it happened",
    "Tidak disebutkan": "Not given",
    "Foto bukti (bila ada, paling banyak 3)": "Photos as evidence (if any, up to 3)",
    "Foto bukti": "Photos as evidence",
    "Lokasi dan data kamera dihapus dari foto sebelum disimpan.": (
        "Location and camera data are removed from photos before they are stored."
    ),
    "Foto {n}": "Photo {n}",
    "Pratinjau foto {n}": "Preview of photo {n}",
    "Foto yang tadi dipilih belum terkirim. Pilih lagi bila perlu.": (
        "The photos you chose were not sent. Choose them again if needed."
    ),
    "Tampilkan nama Anda?": "Show your name?",
    "Kirim tanpa nama (disarankan)": "Send without my name (recommended)",
    "Kirim dengan nama saya": "Send with my name",
    (
        "Tanpa nama: akun Anda tidak dicatat, simpan kodenya untuk melihat tanggapan. Dengan "
        "nama: hanya pengawas yang dapat melihat nama Anda."
    ): (
        "Without your name: your account is not recorded; keep the code to see the answers. "
        "With your name: only oversight can see it."
    ),
    "Anda belum masuk, jadi pengaduan ini dikirim tanpa nama.": (
        "You are not signed in, so this complaint is sent without a name."
    ),
    "Nomor HP atau alamat untuk dihubungi (bila mau)": (
        "Phone number or address where we can reach you (if you wish)"
    ),
    "Hanya pengawas yang dapat melihatnya.": "Only oversight can see it.",
    "Kirim pengaduan": "Send complaint",
    "Dikirim {tanggal}": "Sent {tanggal}",
    "Masukkan kode pengaduan yang Anda terima saat mengirim.": (
        "Enter the complaint code you received when you sent it."
    ),
    "Kode pengaduan": "Complaint code",
    "Buka pengaduan": "Open complaint",
    "Pengaduan tidak ditemukan. Periksa kode pengaduan Anda.": (
        "Complaint not found. Check your complaint code."
    ),
    "Pengaduan tidak ditemukan.": "Complaint not found.",
    "Foto tidak ditemukan.": "Photo not found.",
    "Pengaduan Anda": "Your complaint",
    "Keterangan Anda terkirim.": "Your information was sent.",
    (
        "Halaman ini tidak tersimpan di riwayat peramban. Untuk membukanya lagi, masukkan kode "
        "di halaman Lihat pengaduan."
    ): (
        "This page is not kept in the browser's history. To open it again, enter the code on "
        "the Open a complaint page."
    ),
    (
        "Pengaduan ini tentang Dinas sendiri: tanggapan Anda sampai ke pelapor, tetapi statusnya "
        "hanya diubah pengawas."
    ): (
        "This complaint is about the Dinas itself: your answer reaches the complainant, but only "
        "oversight changes its status."
    ),
    "Terlambat ditanggapi": "Past the answer time",
    "{n} pengaduan terlambat ditanggapi": "{n} complaints past their answer time",
    "Batas tanggapan pertama ({hari} hari kerja) sudah lewat.": (
        "The time for a first answer ({hari} working days) has passed."
    ),
    "Lihat pengaduan yang terlambat": "See the late complaints",
    "Pengaduan terkirim.": "Complaint sent.",
    (
        "Simpan atau catat kode di atas. Hanya dengan kode ini Anda bisa melihat tanggapan "
        "dan menambah keterangan."
    ): (
        "Save or write down the code above. Only with this code can you see the answers and "
        "add more information."
    ),
    "Terlambat: belum ditanggapi sejak {tanggal}": "Late: no answer since {tanggal}",
    "Terlambat: batas {tanggal}": "Late: due {tanggal}",
    "Tanggal dikirim": "Date sent",
    "Batas tanggapan pertama": "First answer due",
    "Isi pengaduan": "The complaint",
    "Identitas pelapor tidak ditampilkan di halaman ini. Hanya pengawas yang dapat melihatnya.": (
        "The complainant's identity is not shown on this page. Only oversight can see it."
    ),
    "Tanggapan dan keterangan": "Answers and follow-ups",
    "Anda (pelapor)": "You (complainant)",
    "Pelapor": "Complainant",
    "Belum ada tanggapan.": "No answer yet.",
    "Tambah keterangan": "Add information",
    "Keterangan atau jawaban Anda": "Your information or reply",
    "Kirim keterangan": "Send",
    "{n} pengaduan terbuka, {m} terlambat ditanggapi.": (
        "{n} open complaints, {m} past their answer time."
    ),
    "Semua yang terbuka": "All open",
    "Semua jenis": "All kinds",
    "Semua kantor": "All offices",
    "{n} pengaduan. Yang belum ditanggapi dan paling lama di atas.": (
        "{n} complaints. Unanswered and oldest first."
    ),
    "No. {n}": "#{n}",
    "Kantor tidak disebutkan": "No office given",
    "Tidak ada pengaduan.": "No complaints.",
    "Pengaduan No. {n}": "Complaint No. {n}",
    "Identitas pelapor": "Complainant's identity",
    "Nama pelapor": "Complainant's name",
    "Kontak pelapor": "Complainant's contact",
    "Tanpa nama (anonim)": "No name (anonymous)",
    "Tidak diberikan": "Not given",
    "Jangan teruskan identitas pelapor kepada kantor yang dilaporkan.": (
        "Do not pass the complainant's identity on to the office reported."
    ),
    "Lihat identitas pelapor": "Show the complainant's identity",
    "Setiap kali identitas dibuka, hal itu dicatat di log audit.": (
        "Every time the identity is shown, it is recorded in the audit log."
    ),
    "Identitas pelapor hanya dapat dilihat pengawas.": (
        "Only oversight can see the complainant's identity."
    ),
    "Beri tanggapan": "Answer",
    "Tanggapan untuk pelapor": "Answer to the complainant",
    "Pelapor melihat tanggapan ini atas nama unit Anda, bukan nama Anda.": (
        "The complainant sees this answer under your unit's name, not your own."
    ),
    "Status setelah tanggapan ini": "Status after this answer",
    "Kirim tanggapan": "Send answer",
    "Pungutan liar (pungli)": "Illegal fee (pungli)",
    "Calo": "Broker (calo)",
    "Intimidasi atau tekanan": "Intimidation or pressure",
    "Pelayanan lambat": "Slow service",
    "Perangkat rusak": "Broken equipment",
    "Menunggu tanggapan": "Waiting for an answer",
    "Ditanggapi": "Answered",
    "Menanggapi pengaduan": "Answered a complaint",
    "Membuka identitas pelapor pengaduan": "Viewed a complainant's identity",
    "Pilih jenis pengaduan dari daftar.": "Choose the kind of complaint from the list.",
    "Ceritakan apa yang terjadi (minimal {n} karakter).": (
        "Describe what happened (at least {n} characters)."
    ),
    "Cerita maksimal {n} karakter.": "The description may have at most {n} characters.",
    "Kontak maksimal {n} karakter.": "The contact may have at most {n} characters.",
    "Pilih kantor dari daftar, atau kosongkan.": (
        "Choose an office from the list, or leave it empty."
    ),
    "Pilih desa dari daftar, atau kosongkan.": "Choose a desa from the list, or leave it empty.",
    "Tulis isi tanggapan.": "Write the answer.",
    "Tanggapan maksimal {n} karakter.": "The answer may have at most {n} characters.",
    "Pilih status dari daftar.": "Choose a status from the list.",
    "Pengaduan ditangani Dinas kabupaten dan pengawas.": (
        "Complaints are handled by the regency's Dinas and oversight."
    ),
    "Pengaduan ditangani Dinas kabupaten dan pengawas, tidak oleh UPT.": (
        "Complaints are handled by the regency's Dinas and oversight, not by a UPT."
    ),
    # --- Desa lists, program BAKSO (daftar_desa/*.html, services/daftar_desa.py,
    # services/impor_daftar.py)
    "Memindahkan warga ke daftar BAKSO desa lain": (
        "Moved a resident to another desa's BAKSO list"
    ),
    "Daftar BAKSO": "BAKSO lists",
    "Daftar BAKSO Desa {desa}": "BAKSO list of Desa {desa}",
    "Daftar BAKSO: {n} orang belum dicek": "BAKSO list: {n} people not checked yet",
    (
        "Warga yang belum punya dokumen, menurut Dinas Dukcapil. Cek tiap orang, beri tanda, lalu "
        "bantu mengajukan."
    ): (
        "Residents lacking a document, according to the Dukcapil office. Check each person, mark "
        "them, then help them apply."
    ),
    "Warga yang belum punya dokumen, per desa. Operator desa mengecek dan menandai tiap orang.": (
        "Residents lacking a document, per desa. The desa officer checks and marks each person."
    ),
    "{n} orang di daftar: {unchecked} belum dicek, {helped} sudah dibantu.": (
        "{n} people on the list: {unchecked} not checked yet, {helped} helped."
    ),
    "{n} orang cocok": "{n} people match",
    "Tidak ada orang yang cocok.": "Nobody matches.",
    "Semua desa": "All desa",
    "Semua dokumen": "All documents",
    "Semua tanda": "All marks",
    "Tanda": "Mark",
    "Tandai {nama}": "Mark {nama}",
    "Belum punya {dokumen}": "Lacks: {dokumen}",
    "ditandai {waktu}": "marked {waktu}",
    "Permohonan:": "Request:",
    "Ajukan: {layanan}": "Apply: {layanan}",
    "Pesan jemput bola {tanggal}": "Book jemput bola on {tanggal}",
    "Tidak ditemukan di data penduduk. Periksa NIK bersama warga.": (
        "Not found in the resident registry. Check the NIK with the resident."
    ),
    "Halaman {n} dari {total}": "Page {n} of {total}",
    "Unduh hasil (CSV)": "Download results (CSV)",
    "Unduh semua hasil (CSV)": "Download all results (CSV)",
    "Impor daftar (CSV)": "Import a list (CSV)",
    "Daftar per desa": "Lists per desa",
    "Belum ada daftar. Impor berkas CSV dari Dinas.": (
        "No lists yet. Import a CSV file from the office."
    ),
    "Belum dicek": "Not checked yet",
    "Masih tinggal di sini": "Still lives here",
    "Sudah pindah": "Moved away",
    "Meninggal": "Died",
    "Sudah punya dokumen": "Already has the document",
    "Sudah dibantu": "Helped",
    "KIA": "Child identity card (KIA)",
    "Impor daftar BAKSO": "Import a BAKSO list",
    "Impor selesai: {n} orang masuk daftar, {skipped} sudah ada sebelumnya (dilewati).": (
        "Import done: {n} people added to the lists, {skipped} were already on them (skipped)."
    ),
    (
        "Berkas CSV dengan baris judul: kode_desa, nik, nama, dokumen. Dokumen ditulis KTP-el, KK, "
        "akta, atau KIA. Pemisah koma atau titik koma."
    ): (
        "A CSV file with the header row kode_desa, nik, nama, dokumen. Write the document as "
        "KTP-el, KK, akta or KIA. Commas or semicolons separate the columns."
    ),
    (
        'Di Excel, atur kolom NIK sebagai Teks agar angkanya tidak berubah. Simpan sebagai "CSV '
        'UTF-8".'
    ): (
        'In Excel, format the NIK column as Text so the numbers stay as they are. Save as "CSV '
        'UTF-8".'
    ),
    "Unduh contoh berkas": "Download an example file",
    "Berkas CSV (maksimal 5 MB, 50.000 baris)": "CSV file (at most 5 MB, 50,000 rows)",
    "Periksa berkas": "Check the file",
    'Berkas diperiksa dulu. Tidak ada yang disimpan sebelum Anda menekan "Impor sekarang".': (
        'The file is checked first. Nothing is saved before you press "Import now".'
    ),
    "Impor terakhir": "Recent imports",
    "Berkas belum bisa diimpor: {n} galat": "The file cannot be imported yet: {n} errors",
    (
        "Perbaiki baris berikut di Excel, simpan lagi sebagai CSV, lalu unggah ulang. Tidak ada "
        "yang disimpan."
    ): "Fix these rows in Excel, save as CSV again, then upload it again. Nothing was saved.",
    "Baris {n}: {masalah}": "Row {n}: {masalah}",
    "Baris {n}": "Row {n}",
    "dan {n} galat lainnya": "and {n} more errors",
    "dan {n} lainnya": "and {n} more",
    "Unggah berkas lain": "Upload another file",
    "Semua baris benar. {n} orang akan masuk daftar; {ada} sudah ada dan akan dilewati.": (
        "Every row is correct. {n} people will be added to the lists; {ada} are on them already "
        "and will be skipped."
    ),
    "Jumlah per desa": "Count per desa",
    "Baru": "New",
    "Sudah ada": "Already listed",
    "Baris pertama": "First rows",
    "Sudah ada di daftar (dilewati)": "Already on the lists (skipped)",
    (
        "{n} orang sudah ada di daftar desa lain dan akan dipindah ke desa ini. Tanda dan catatan "
        "dari desa lama dihapus."
    ): (
        "{n} people are on another desa's list already and will move to this desa. Their marks "
        "and notes from the old desa are cleared."
    ),
    "Pindah dari desa lain": "Moving from another desa",
    "Pindah dari daftar desa lain": "Moving from another desa's list",
    "sekarang di daftar Desa {desa}": "now on the list of Desa {desa}",
    "{n} di antaranya dipindah dari daftar desa lain.": (
        "{n} of them moved from another desa's list."
    ),
    "Impor sekarang": "Import now",
    "Batal": "Cancel",
    "Berkas kosong.": "The file is empty.",
    "Ini berkas Excel, bukan CSV. Di Excel pilih Simpan Sebagai, jenis CSV.": (
        "This is an Excel workbook, not a CSV file. In Excel choose Save As, type CSV."
    ),
    'Berkas bukan teks UTF-8. Di Excel simpan sebagai "CSV UTF-8".': (
        'The file is not UTF-8 text. In Excel save it as "CSV UTF-8".'
    ),
    "Berkas ini bukan CSV. Simpan dari Excel sebagai CSV.": (
        "This file is not a CSV file. Save it from Excel as CSV."
    ),
    "Baris 1 harus berisi judul kolom {kolom}. Tidak ada: {hilang}.": (
        "Row 1 must hold the column headings {kolom}. Missing: {hilang}."
    ),
    "NIK berubah jadi angka ilmiah (mis. 5,2E+15). Atur kolom NIK sebagai Teks.": (
        "The NIK turned into a scientific number (e.g. 5.2E+15). Format the NIK column as Text."
    ),
    "Berkas lebih dari {mb} MB. Pecah menjadi beberapa berkas.": (
        "The file is larger than {mb} MB. Split it into several files."
    ),
    "Berkas berisi lebih dari {n} baris data. Pecah menjadi beberapa berkas.": (
        "The file holds more than {n} data rows. Split it into several files."
    ),
    "Kode desa kosong.": "The desa code is empty.",
    "Kode desa {kode} tidak dikenal.": "Unknown desa code {kode}.",
    "Desa {kode} di luar wilayah tugas Anda.": "Desa {kode} is outside your area.",
    "Nama kosong.": "The name is empty.",
    "Nama lebih dari {n} karakter.": "The name is longer than {n} characters.",
    'Dokumen "{dokumen}" tidak dikenal. Tulis KTP-el, KK, akta, atau KIA.': (
        'Unknown document "{dokumen}". Write KTP-el, KK, akta or KIA.'
    ),
    "Orang dan dokumen yang sama sudah ada di baris {baris}.": (
        "The same person and document are already on row {baris}."
    ),
    "Berkas tidak berisi data di bawah baris judul.": (
        "The file holds no data below the header row."
    ),
    "Pilih berkas CSV dulu.": "Choose a CSV file first.",
    "Berkas tidak ditemukan atau sudah diimpor. Unggah lagi.": (
        "The file was not found or is already imported. Upload it again."
    ),
    "Berkas berisi galat. Periksa lagi sebelum mengimpor.": (
        "The file has errors. Check it again before importing."
    ),
    "Pilih tanda dari daftar.": "Choose a mark from the list.",
    "Daftar tidak ditemukan, atau di luar wilayah tugas Anda.": (
        "List not found, or outside your area."
    ),
    "Mengimpor daftar BAKSO": "Imported a BAKSO list",
    "Membuka daftar BAKSO desa": "Opened a desa's BAKSO list",
    "Menandai warga di daftar BAKSO": "Marked a resident on a BAKSO list",
    "Mengunduh daftar BAKSO": "Downloaded BAKSO lists",
    "Baris daftar BAKSO": "BAKSO list row",
    # --- Dashboard (dasbor/*.html, services/dasbor.py)
    "Lewat, belum ditutup": "Day passed, not closed",
    "Dasbor": "Dashboard",
    "Dasbor Kecamatan {name}": "Dashboard, Kecamatan {name}",
    "Dasbor Kabupaten Lombok Timur": "East Lombok Regency dashboard",
    "Wilayah": "Area",
    "Seluruh kabupaten": "The whole regency",
    "Unduh CSV": "Download CSV",
    "Angka": "Numbers",
    "Baris": "Row",
    "Belum ada data.": "No data yet.",
    "Cakupan perekaman KTP-el penduduk dewasa": "KTP-el recording coverage of adults",
    "Urut dari yang paling banyak belum rekam.": "Ordered by the most not yet recorded.",
    "Permohonan menurut status": "Requests by status",
    "Tepat waktu": "On time",
    "Terlambat": "Overdue",
    "Lewat batas waktu": "Past their due date",
    "Antrean cetak dan stok blanko per kantor": "Print queue and blanko stock per office",
    "Kantor kehabisan blanko": "Offices out of blanko",
    "Kunjungan jemput bola: 30 hari terakhir dan 30 hari ke depan": (
        "Jemput bola visits: the last 30 days and the next 30"
    ),
    "Direncanakan": "Planned",
    "Pengaduan menurut jenis": "Complaints by kind",
    "Pengaduan terbuka": "Open complaints",
    "Lewat batas jawab": "Past their answer time",
}
