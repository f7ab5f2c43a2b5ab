-- The rule sets verdicts are reached under. A verdict is the legal record:
-- the detail of a detection explains it from its stored columns and the
-- rule set it names, never from today's rulebook, so a later edit of the
-- book changes no old record. A rule set is the canonical JSON of the rules
-- in force over a span of days (a rulebook of one version of each rule,
-- keys sorted, no blanks: overlimit_ruleset_make); its id is the first 48
-- bits of the SHA-256 of that text, the same in every database.
CREATE TABLE overlimit_rulesets (
  id BIGINT PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  rules TEXT NOT NULL,
  first_stored_at BIGINT -- NULL: recorded by this migration for older verdicts
);

-- Every writer names the rule set of each verdict. The default is for the
-- rows stored before this migration: sunroad 0.1.0 judged them all under
-- its compiled-in rulebook, whose only resolution (every rule in force
-- from 2016-09-21; no day before that could be judged) is the rule set
-- inserted below. A constant default changes no stored row, so the
-- upgrade takes no time whatever the size of the table.
ALTER TABLE detections ADD COLUMN ruleset_id BIGINT NOT NULL DEFAULT 85022303005224;

INSERT INTO overlimit_rulesets (id, sha256, rules, first_stored_at)
SELECT 85022303005224, '4d53cc2b2a2804c9d6fe746f01bb9e01ff35286752e782cea51f43bfab678a35',
'{"rulebook":"overlimit","rules":[{"citation":"《超限运输车辆行驶公路管理规定》(交通运输部令2016年第62号,2021年修正)第三条第一款第(四)项至第(八)项","effective_from":"2016-09-21","id":"gross_limit","limits":[{"axles":2,"kind":"truck","limit_kg":18000},{"axles":2,"kind":"train","limit_kg":18000},{"axles":3,"kind":"truck","limit_kg":25000},{"axles":3,"kind":"train","limit_kg":27000},{"axles":4,"kind":"truck","limit_kg":31000},{"axles":4,"kind":"train","limit_kg":36000},{"axles":5,"kind":"truck","limit_kg":43000},{"axles":5,"kind":"train","limit_kg":43000},{"axles":6,"kind":"truck","limit_kg":49000},{"axles":6,"kind":"train","limit_kg":49000},{"axles":6,"kind":"train","limit_kg":46000,"single_drive":true},{"axles":7,"kind":"truck","limit_kg":49000},{"axles":7,"kind":"train","limit_kg":49000},{"axles":7,"kind":"train","limit_kg":46000,"single_drive":true},{"axles":8,"kind":"truck","limit_kg":49000},{"axles":8,"kind":"train","limit_kg":49000},{"axles":8,"kind":"train","limit_kg":46000,"single_drive":true},{"axles":9,"kind":"truck","limit_kg":49000},{"axles":9,"kind":"train","limit_kg":49000},{"axles":9,"kind":"train","limit_kg":46000,"single_drive":true},{"axles":10,"kind":"truck","limit_kg":49000},{"axles":10,"kind":"train","limit_kg":49000},{"axles":10,"kind":"train","limit_kg":46000,"single_drive":true},{"axles":11,"kind":"truck","limit_kg":49000},{"axles":11,"kind":"train","limit_kg":49000},{"axles":11,"kind":"train","limit_kg":46000,"single_drive":true},{"axles":12,"kind":"truck","limit_kg":49000},{"axles":12,"kind":"train","limit_kg":49000},{"axles":12,"kind":"train","limit_kg":46000,"single_drive":true}],"title":"车货总质量限定标准"},{"citation":"《超限运输车辆行驶公路管理规定》第三条第二款第(二)项","effective_from":"2016-09-21","id":"single_tire","reduction_kg_per_axle":3000,"title":"单轮胎车轴限定标准核减"},{"citation":"《超限运输车辆行驶公路管理规定》第三条第一款第(一)项至第(三)项","effective_from":"2016-09-21","height_mm":4000,"id":"size_limit","length_mm":18100,"title":"车货外廓尺寸限定标准","width_mm":2550},{"citation":"JJG 907-2006《动态公路车辆自动衡器》检定规程,准确度等级与使用中最大允许误差","classes":[{"class":"0","error_bp":0},{"class":"0.2","error_bp":20},{"class":"0.5","error_bp":50},{"class":"1","error_bp":100},{"class":"2","error_bp":200},{"class":"5","error_bp":500},{"class":"10","error_bp":1000}],"effective_from":"2006-11-23","id":"measurement_error","title":"动态称重计量误差(使用中检验最大允许误差)"},{"citation":"《超限运输车辆行驶公路管理规定》第四十三条第一款第(二)项","effective_from":"2016-09-21","fine_per_step_yuan":500,"id":"mass_fine","max_yuan":30000,"rounding":"floor","step_kg":1000,"title":"超限运输(质量)处罚","warning_max_over_kg":1000},{"bands":[{"fine_yuan":100,"max_height_mm":4200,"max_length_mm":20000,"max_width_mm":3000,"max_yuan":200,"min_yuan":0},{"fine_yuan":200,"max_height_mm":4500,"max_length_mm":28000,"max_width_mm":3750,"max_yuan":1000,"min_yuan":200},{"fine_yuan":1000,"max_yuan":3000,"min_yuan":1000}],"citation":"《超限运输车辆行驶公路管理规定》第四十三条第一款第(一)项","effective_from":"2016-09-21","id":"size_fine","title":"超限运输(外廓尺寸)处罚及裁量基准默认值"},{"citation":"《超限运输车辆行驶公路管理规定》第四十三条第二款","effective_from":"2016-09-21","id":"fine_cap","max_yuan":30000,"title":"多项违法行为罚款累计上限"},{"citation":"治超执法口径:实测车货总质量不低于100000千克的车辆标记为百吨王,优先卸载并倒查源头;不是单独的处罚事由","effective_from":"2016-09-21","id":"ton100","min_gross_kg":100000,"title":"百吨王(实测车货总质量达到100吨)"}]}',
NULL WHERE EXISTS (SELECT 1 FROM detections);
