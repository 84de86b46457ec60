"""The English catalogue: each Indonesian text as written in the templates and the Python code,
and its English line. Placeholders such as `{name}` stay exactly as they are in the key.

Domain terms keep their Indonesian names (NIK, KK, KTP-el, IKD, desa, kecamatan, UPT,
Dukcapil), since they are what people see on their documents and hear at the office.
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
}
