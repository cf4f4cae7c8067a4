--
-- PostgreSQL database dump
--

\restrict OC1vCMun6tVSyLXZvFMMxkuASmTy3FcQMeQ5Rohnq7g3z3UIdgRA8NeMZhPtHbS

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: app; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA app;


ALTER SCHEMA app OWNER TO postgres;

--
-- Name: g(); Type: FUNCTION; Schema: app; Owner: postgres
--

CREATE FUNCTION app.g() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ begin return new; end $$;


ALTER FUNCTION app.g() OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: t; Type: TABLE; Schema: app; Owner: postgres
--

CREATE TABLE app.t (
    id bigint NOT NULL,
    name text DEFAULT 'it''s'::text NOT NULL,
    note text
);


ALTER TABLE app.t OWNER TO postgres;

--
-- Name: TABLE t; Type: COMMENT; Schema: app; Owner: postgres
--

COMMENT ON TABLE app.t IS 'semi; colon';


--
-- Name: t_id_seq; Type: SEQUENCE; Schema: app; Owner: postgres
--

CREATE SEQUENCE app.t_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE app.t_id_seq OWNER TO postgres;

--
-- Name: t_id_seq; Type: SEQUENCE OWNED BY; Schema: app; Owner: postgres
--

ALTER SEQUENCE app.t_id_seq OWNED BY app.t.id;


--
-- Name: t id; Type: DEFAULT; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.t ALTER COLUMN id SET DEFAULT nextval('app.t_id_seq'::regclass);


--
-- Data for Name: t; Type: TABLE DATA; Schema: app; Owner: postgres
--

COPY app.t (id, name, note) FROM stdin;
1	a;b	tab\there
2	c	\N
\.


--
-- Name: t_id_seq; Type: SEQUENCE SET; Schema: app; Owner: postgres
--

SELECT pg_catalog.setval('app.t_id_seq', 2, true);


--
-- Name: t t_pkey; Type: CONSTRAINT; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.t
    ADD CONSTRAINT t_pkey PRIMARY KEY (id);


--
-- PostgreSQL database dump complete
--

\unrestrict OC1vCMun6tVSyLXZvFMMxkuASmTy3FcQMeQ5Rohnq7g3z3UIdgRA8NeMZhPtHbS

