"""IDP pages, split by role: the employee (`employee`), the supervisor in the dialogue (`supervisor`), the kelompok
keahlian (`kelompok`), the CLO (`clo`) and the exports (`downloads`). Every view asks corpu.access first."""
