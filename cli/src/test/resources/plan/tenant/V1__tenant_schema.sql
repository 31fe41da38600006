CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL);
CREATE TABLE companies (id bigserial PRIMARY KEY, name text NOT NULL, country_code text REFERENCES countries (code));
CREATE TABLE campaigns (id bigserial PRIMARY KEY, company_id bigint NOT NULL REFERENCES companies (id),
  name text NOT NULL, CONSTRAINT campaigns_name_key UNIQUE (name));
CREATE TABLE ads (id bigserial PRIMARY KEY, company_id bigint NOT NULL REFERENCES companies (id),
  campaign_id bigint NOT NULL REFERENCES campaigns (id), title text);
CREATE TABLE ad_notes (id bigserial PRIMARY KEY, ad_id bigint REFERENCES ads (id), body text);
