-- The taxi registry (巡游出租汽车, src/taxi): companies by their unified
-- social credit code, vehicles by plate, drivers by their qualification
-- certificate number (从业资格证号), each driver's training (教育培训) and
-- the manual deductions of service reputation (服务质量信誉考核) an officer
-- records with a reason. Deductions from decided penalty cases are not
-- stored here: they are read from the cases module each time. digest
-- tells an import's duplicate from a changed row. Days are YYYYMMDD
-- integers. Identity columns differ by dialect.
CREATE TABLE taxi_companies (
  id INTEGER PRIMARY KEY,
  credit_code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  digest BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE taxi_vehicles (
  id INTEGER PRIMARY KEY,
  plate TEXT NOT NULL UNIQUE,
  permit_no TEXT NOT NULL,
  company_id BIGINT NOT NULL REFERENCES taxi_companies (id),
  digest BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX taxi_vehicles_company ON taxi_vehicles (company_id);
CREATE TABLE taxi_drivers (
  id INTEGER PRIMARY KEY,
  certificate_no TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  id_number TEXT NOT NULL,
  valid_from INTEGER NOT NULL,
  valid_to INTEGER NOT NULL,
  first_qualified INTEGER NOT NULL,
  company_id BIGINT NOT NULL REFERENCES taxi_companies (id),
  phone TEXT NOT NULL,
  plate TEXT NOT NULL,
  digest BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX taxi_drivers_company ON taxi_drivers (company_id);
CREATE INDEX taxi_drivers_id_number ON taxi_drivers (id_number);
CREATE INDEX taxi_drivers_plate ON taxi_drivers (plate);
CREATE TABLE taxi_training (
  driver_id BIGINT NOT NULL REFERENCES taxi_drivers (id),
  day INTEGER NOT NULL,
  topic TEXT NOT NULL,
  hours INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (driver_id, day, topic)
);
CREATE TABLE taxi_deductions (
  id INTEGER PRIMARY KEY,
  driver_id BIGINT NOT NULL REFERENCES taxi_drivers (id),
  day INTEGER NOT NULL,
  points INTEGER NOT NULL,
  violation TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX taxi_deductions_driver ON taxi_deductions (driver_id, day);
