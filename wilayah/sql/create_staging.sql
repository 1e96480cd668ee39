CREATE TEMP TABLE _desa_src (
    kode varchar(13) PRIMARY KEY,
    nama varchar(100) NOT NULL,
    jenis varchar(10) NOT NULL,
    kode_kecamatan varchar(13) NOT NULL,
    geom geometry NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE _kecamatan_src (
    kode varchar(13) PRIMARY KEY,
    nama varchar(100) NOT NULL,
    luas_resmi_km2 double precision
) ON COMMIT DROP;
