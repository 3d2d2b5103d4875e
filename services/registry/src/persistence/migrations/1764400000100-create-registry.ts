import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Households, persons (one household at a time, unique ID number) and the change history. */
export class CreateRegistry1764400000100 implements MigrationInterface {
  name = 'CreateRegistry1764400000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE households (
      id uuid PRIMARY KEY,
      household_no text NOT NULL UNIQUE,
      area char(6) NOT NULL,
      hukou text NOT NULL CHECK (hukou IN ('urban','rural')),
      street text NOT NULL,
      address text NOT NULL,
      living_area_m2 numeric(10,2) NOT NULL CHECK (living_area_m2 >= 0),
      home_owned boolean NOT NULL,
      house_danger_grade text CHECK (house_danger_grade IN ('C','D')),
      financial_fen bigint NOT NULL CHECK (financial_fen >= 0),
      vehicles integer NOT NULL CHECK (vehicles >= 0),
      disability_vehicles integer NOT NULL CHECK (disability_vehicles >= 0),
      residences integer NOT NULL CHECK (residences >= 0),
      business_capital_fen bigint NOT NULL CHECK (business_capital_fen >= 0),
      family_planning jsonb NOT NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query('CREATE INDEX households_area_street ON households (area, street)');
    await q.query(`CREATE TABLE persons (
      id uuid PRIMARY KEY,
      household_id uuid NOT NULL REFERENCES households(id),
      position integer NOT NULL,
      id_number char(18) NOT NULL,
      name text NOT NULL,
      sex char(1) NOT NULL CHECK (sex IN ('M','F')),
      birth_date date NOT NULL,
      relation text NOT NULL,
      minority boolean NOT NULL,
      disability_category smallint,
      disability_grade smallint,
      monthly_income_fen bigint NOT NULL CHECK (monthly_income_fen >= 0),
      can_work boolean NOT NULL,
      employed boolean NOT NULL,
      pension_insured boolean NOT NULL,
      illness text,
      school_level text,
      school_boarding boolean,
      admission_level text,
      tekun_kind text,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query('CREATE UNIQUE INDEX persons_id_number ON persons (id_number)');
    await q.query('CREATE INDEX persons_household ON persons (household_id, position)');
    await q.query('CREATE INDEX persons_name ON persons (name)');
    await q.query(`CREATE TABLE household_changes (
      id bigserial PRIMARY KEY,
      household_id uuid NOT NULL REFERENCES households(id),
      at timestamptz NOT NULL DEFAULT now(),
      by text NOT NULL,
      field text NOT NULL,
      old_value jsonb,
      new_value jsonb)`);
    await q.query('CREATE INDEX household_changes_household ON household_changes (household_id, id)');
    await q.query('CREATE SEQUENCE household_no_seq START 100000');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SEQUENCE household_no_seq');
    await q.query('DROP TABLE household_changes');
    await q.query('DROP TABLE persons');
    await q.query('DROP TABLE households');
  }
}
