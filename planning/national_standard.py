"""The national ASN competency standard (PermenPAN-RB 38/2017, Lampiran): the eight managerial competencies and the
socio-cultural one (perekat bangsa), each with its definition and the short description of levels 1–5.

Loaded by a data migration into the dictionary, where the institution may edit the wording; the text is data,
kept in Indonesian as the regulation writes it. The seeds cite the regulation but do not quote it.
"""

from django.apps import apps as global_apps

MANAGERIAL = [
    (
        "Integritas",
        "Konsisten berperilaku selaras dengan nilai, norma dan/atau etika organisasi, dan jujur dalam hubungan dengan "
        "manajemen, rekan kerja, bawahan langsung, dan pemangku kepentingan, menciptakan budaya etika tinggi, "
        "bertanggung jawab atas tindakan atau keputusan beserta risiko yang menyertainya.",
        [
            "Mampu bertindak sesuai nilai, norma, etika organisasi dalam kapasitas pribadi.",
            "Mampu mengingatkan, mengajak rekan kerja untuk bertindak sesuai nilai, norma, dan etika organisasi.",
            "Mampu memastikan, menanamkan keyakinan bersama agar anggota yang dipimpin bertindak sesuai nilai, norma, "
            "dan etika organisasi, dalam lingkup formal.",
            "Mampu menciptakan situasi kerja yang membuat rekan kerja tunduk pada nilai, norma, dan etika organisasi, "
            "dalam segala situasi dan kondisi.",
            "Mampu menjadi role model dan berani menanggung risiko untuk mendorong terciptanya budaya etika tinggi.",
        ],
    ),
    (
        "Kerja Sama",
        "Kemampuan menjalin, membina, mempertahankan hubungan kerja yang efektif, memiliki komitmen saling membantu "
        "dalam penyelesaian tugas, dan mengoptimalkan segala sumber daya untuk mencapai tujuan strategis organisasi.",
        [
            "Berpartisipasi dalam kelompok kerja.",
            "Menumbuhkan tim kerja yang partisipatif dan efektif.",
            "Efektif membangun tim kerja untuk peningkatan kinerja organisasi.",
            "Membangun komitmen tim, sinergi.",
            "Menciptakan situasi kerja sama secara konsisten, baik di dalam maupun di luar instansi.",
        ],
    ),
    (
        "Komunikasi",
        "Kemampuan untuk menerangkan pandangan dan gagasan secara jelas, sistematis disertai argumentasi yang logis "
        "dengan cara-cara yang sesuai baik secara lisan maupun tertulis; memastikan pemahaman; mendengarkan secara "
        "aktif dan efektif; mempersuasi, meyakinkan dan membujuk orang lain dalam rangka mencapai tujuan organisasi.",
        [
            "Menyampaikan informasi dengan jelas, lengkap, pemahaman yang sama.",
            "Aktif menjalankan komunikasi secara formal dan informal; bersedia mendengarkan orang lain, "
            "menginterpretasikan pesan dengan respon yang sesuai, mampu menyusun materi presentasi, pidato, naskah, "
            "laporan.",
            "Berkomunikasi secara asertif, terampil berkomunikasi lisan/tertulis untuk menyampaikan informasi yang "
            "sensitif/rumit/kompleks.",
            "Mampu mengemukakan pemikiran multidimensi secara lisan dan tertulis untuk mendorong kesepakatan dengan "
            "tujuan meningkatkan kinerja secara keseluruhan.",
            "Menggagas sistem komunikasi yang terbuka secara strategis untuk mencari solusi dengan tujuan meningkatkan "
            "kinerja.",
        ],
    ),
    (
        "Orientasi pada Hasil",
        "Kemampuan mempertahankan komitmen pribadi yang tinggi untuk menyelesaikan tugas, dapat diandalkan, "
        "bertanggung jawab, mampu secara sistematis mengidentifikasi risiko dan peluang dengan memperhatikan "
        "keterhubungan antara perencanaan dan hasil, untuk keberhasilan organisasi.",
        [
            "Bertanggung jawab untuk memenuhi standar kerja.",
            "Berupaya meningkatkan hasil kerja pribadi yang lebih tinggi dari standar yang ditetapkan, mencari, "
            "mencoba metode alternatif untuk peningkatan kinerja.",
            "Menetapkan target kerja yang menantang bagi unit kerja, memberi apresiasi dan teguran untuk mendorong "
            "kinerja.",
            "Mendorong unit kerja mencapai target yang ditetapkan atau melebihi hasil kerja sebelumnya.",
            "Meningkatkan mutu pencapaian kerja organisasi.",
        ],
    ),
    (
        "Pelayanan Publik",
        "Kemampuan dalam melaksanakan tugas-tugas pemerintahan, pembangunan dan kegiatan pemenuhan kebutuhan "
        "pelayanan publik secara profesional, transparan, mengikuti standar pelayanan yang objektif, netral, tidak "
        "memihak, tidak diskriminatif, serta tidak terpengaruh kepentingan pribadi/kelompok/partai politik.",
        [
            "Menjalankan tugas mengikuti standar pelayanan.",
            "Mampu mengupayakan pelayanan publik yang terbaik secara tulus ikhlas.",
            "Mampu memonitor, mengevaluasi, memperhitungkan dan mengantisipasi dampak dari isu-isu jangka panjang, "
            "kesempatan, atau kekuatan politik dalam hal pelayanan kebutuhan pemangku kepentingan yang transparan, "
            "objektif, dan profesional.",
            "Mampu memanfaatkan kekuatan kelompok serta memperbaiki standar pelayanan publik di lingkup unit kerja.",
            "Mampu menciptakan kebijakan pelayanan publik yang menjunjung profesionalisme, transparansi, dan "
            "integritas yang tinggi.",
        ],
    ),
    (
        "Pengembangan Diri dan Orang Lain",
        "Kemampuan untuk meningkatkan pengetahuan dan menyempurnakan keterampilan diri; menginspirasi orang lain "
        "untuk mengembangkan dan menyempurnakan pengetahuan dan keterampilan yang relevan dengan pekerjaan dan "
        "pengembangan karier jangka panjang, mendorong kemauan belajar sepanjang hidup, memberikan saran/bantuan, "
        "umpan balik, bimbingan untuk membantu orang lain mengembangkan potensi dirinya.",
        [
            "Pengembangan diri.",
            "Meningkatkan kemampuan bawahan dengan memberikan contoh dan penjelasan cara melaksanakan suatu pekerjaan.",
            "Memberikan umpan balik, membimbing.",
            "Menyusun program pengembangan jangka panjang dalam rangka mendorong manajemen pembelajaran.",
            "Menciptakan situasi yang mendorong organisasi untuk mengembangkan kemampuan belajar secara berkelanjutan "
            "dalam rangka mendukung pencapaian hasil.",
        ],
    ),
    (
        "Mengelola Perubahan",
        "Kemampuan dalam menyesuaikan diri dengan situasi yang baru atau berubah dan tidak bergantung secara "
        "berlebihan pada metode dan proses lama, mengambil tindakan untuk mendukung dan melaksanakan inisiatif "
        "perubahan, memimpin usaha perubahan, mengambil tanggung jawab pribadi untuk memastikan perubahan berhasil "
        "diimplementasikan secara efektif.",
        [
            "Menyadari pentingnya perubahan untuk menyesuaikan dengan situasi yang terjadi.",
            "Proaktif beradaptasi mengikuti perubahan.",
            "Membantu orang lain mengikuti perubahan, mengantisipasi perubahan secara tepat.",
            "Memimpin perubahan pada unit kerja.",
            "Mengarahkan perubahan organisasi secara strategis.",
        ],
    ),
    (
        "Pengambilan Keputusan",
        "Kemampuan membuat keputusan yang baik secara tepat waktu dan dengan keyakinan diri setelah mempertimbangkan "
        "prinsip kehati-hatian, dirumuskan secara sistematis dan saksama berdasarkan berbagai informasi, alternatif "
        "pemecahan masalah dan konsekuensinya, serta bertanggung jawab atas keputusan yang diambil.",
        [
            "Mengumpulkan informasi untuk bertindak sesuai kewenangan.",
            "Menganalisis masalah secara mendalam.",
            "Membandingkan berbagai alternatif, menyeimbangkan risiko keberhasilan dalam implementasi.",
            "Menyelesaikan masalah yang mengandung risiko tinggi, mengantisipasi dampak keputusan, membuat tindakan "
            "pengamanan; mitigasi risiko.",
            "Menghasilkan solusi dan mengambil keputusan untuk mengatasi permasalahan jangka panjang/strategis, "
            "berdampak nasional.",
        ],
    ),
]

SOCIO_CULTURAL = [
    (
        "Perekat Bangsa",
        "Kemampuan dalam mempromosikan sikap toleransi, keterbukaan, peka terhadap perbedaan individu/kelompok "
        "masyarakat; mampu menjadi perpanjangan tangan pemerintah dalam mempersatukan masyarakat dan membangun "
        "hubungan sosial psikologis dengan masyarakat di tengah kemajemukan Indonesia sehingga menciptakan kelekatan "
        "yang kuat antara ASN dan para pemangku kepentingan serta di antara para pemangku kepentingan itu sendiri; "
        "menjaga, mengembangkan, dan mewujudkan rasa persatuan dan kesatuan dalam kehidupan bermasyarakat, berbangsa "
        "dan bernegara Indonesia.",
        [
            "Peka memahami dan menerima kemajemukan.",
            "Aktif mengembangkan sikap saling menghargai, menekankan persamaan dan persatuan.",
            "Mempromosikan, mengembangkan sikap toleransi dan persatuan.",
            "Mendayagunakan perbedaan secara konstruktif dan kreatif untuk meningkatkan efektivitas organisasi.",
            "Wakil pemerintah untuk membangun hubungan sosial psikologis.",
        ],
    ),
]


def load_national_standard(apps=global_apps):
    """Put the national competencies into the dictionary (idempotent; the data migration and test set-ups call it;
    a flushed test database loses migration data)."""
    Definition = apps.get_model("planning", "CompetencyDefinition")
    Level = apps.get_model("planning", "CompetencyLevel")
    groups = [("manajerial", MANAGERIAL), ("sosial_kultural", SOCIO_CULTURAL)]
    for competency_type, rows in groups:
        for order, (name, definition, levels) in enumerate(rows, start=1):
            obj, created = Definition.objects.get_or_create(
                name=name,
                defaults={
                    "competency_type": competency_type,
                    "definition": definition,
                    "national_standard": True,
                    "sort_order": order,
                },
            )
            if created:
                Level.objects.bulk_create(
                    Level(competency=obj, level=n, description=text) for n, text in enumerate(levels, start=1)
                )
