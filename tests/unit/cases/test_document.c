/* The case documents as PDF: a two-page 行政处罚决定书 of an over-limit case
 * and a 送达回证 (a bordered form), read back the way a reader and an
 * auditor would: pdftotext finds the number, party, plate, amounts and
 * articles in reading order; zbarimg reads the QR code as the
 * verification URL; the same document gives the same bytes in one process,
 * in another process and on several threads at once.
 *
 * With SUNROAD_ARTIFACTS set, the PDFs and their first pages as PNG (60
 * dpi) are left there to be looked at: decision.pdf, decision-1.png,
 * receipt.pdf, receipt-1.png, long-form.pdf, long-form-1.png. */
#include "cases/document.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

/* Not ours to free, for the sanitizer build's LeakSanitizer: fontconfig
 * keeps a few hundred bytes of its configuration for the life of the
 * process (libfontconfig 2.14's XML parser); cairo 1.16.0 loses two arrays
 * of 768 bytes a document while it writes the font subsets, inside
 * cairo_surface_finish (our surface is finished and destroyed). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:cairo_surface_finish\n";
}

/* cairo has no frame pointers: without the slow unwinder a leak's stack
 * stops inside it, before the cairo_surface_finish above. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

#define NUMBER     "鄂交执罚〔2023〕0001号"
#define VERIFY_URL "https://jtzf.xiangyang.gov.cn/verify/7KQ2M9XP4T"
#define AGENCY     "襄阳市交通运输综合执法支队"

/* ---- the fixtures ---------------------------------------------------------- */

static const struct document_field decision_fields[] = {
	{ "当事人", "湖北顺达物流有限公司" },
	{ "统一社会信用代码", "91420606MA49KD2X7F" },
	{ "法定代表人", "王建国" },
	{ "地址", "湖北省襄阳市樊城区牛首镇汉江物流园区8号" },
	{ "车牌号", "鄂F53D27（黄色），挂车鄂FA326挂" },
	{ "驾驶人", "李志强，从业资格证号420606198703152419" },
};

static const char *const facts[] = {
	"2023年2月21日10时32分，当事人所属鄂F53D27号重型半挂牵引车（挂车鄂FA326挂）由驾驶人李志强驾驶，"
	"装载钢材行驶至G316国道襄阳段K1024+300处襄阳北公路超限检测站，经检测，该车为六轴铰接列车，"
	"车货总质量61.16吨，超过《超限运输车辆行驶公路管理规定》第三条第一款第八项规定的限值49吨，"
	"超限12.16吨，超限率24.8%，属于未经许可擅自行驶公路的违法超限运输行为。",
	"本机关于2023年2月23日向当事人送达了《行政处罚告知书》（鄂交执告〔2023〕0001号），告知当事人"
	"拟作出行政处罚的事实、理由、依据及依法享有的陈述、申辩权利。当事人在法定期限内未提出陈述、申辩。",
};

static const char *const evidence[] = {
	"1. 称重检测单1份（襄阳北公路超限检测站，检测单号XYB-20230221-0137），证明该车车货总质量为61.16吨；",
	"2. 现场检测照片3张、执法记录仪视频1段（编号ZFJL-0221-0032），证明车辆装载及检测经过；",
	"3. 对驾驶人李志强的询问笔录1份，证明车辆所属及运输经过；",
	"4. 车辆行驶证、道路运输证、驾驶人从业资格证复印件各1份，当事人营业执照复印件1份，"
	"证明当事人及车辆的主体信息。",
	"上述证据经当事人确认，证据之间相互印证，足以认定违法事实。",
};

static const char *const basis[] = {
	"当事人的上述行为违反了《公路安全保护条例》第三十三条第一款“超过公路、公路桥梁、公路隧道或者汽车"
	"渡船的限载、限高、限宽、限长标准的车辆，不得在有限定标准的公路、公路桥梁上或者公路隧道内行驶，"
	"不得使用汽车渡船”的规定。",
	"《超限运输车辆行驶公路管理规定》第四十三条第一款第二项规定：“车货总质量超过本规定第三条第一款"
	"第四项至第八项规定的限定标准，但未超过1000千克的，予以警告；超过1000千克的，每超1000千克罚款"
	"500元，最高不得超过30000元。”",
};

static const char *const decision_text[] = {
	"依据《超限运输车辆行驶公路管理规定》第四十三条第一款第二项的规定，本机关决定对当事人处以罚款"
	"6,000元（人民币陆仟元整）的行政处罚。",
};

static const char *const payment[] = {
	"当事人应当自收到本决定书之日起十五日内，持本决定书到中国工商银行襄阳分行各营业网点或通过湖北省"
	"非税收入电子缴款平台缴纳罚款。到期不缴纳罚款的，本机关将依据《中华人民共和国行政处罚法》第七十二条"
	"第一款第一项的规定，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款的数额。",
};

static const char *const remedies[] = {
	"当事人如不服本处罚决定，可以在收到本决定书之日起六十日内向襄阳市人民政府申请行政复议，或者在六个月内"
	"依法向襄阳市樊城区人民法院提起行政诉讼。行政复议和行政诉讼期间，本处罚决定不停止执行，法律另有规定的"
	"除外。",
	"当事人逾期不申请行政复议、不提起行政诉讼，又不履行本处罚决定的，本机关将依法申请人民法院强制执行。",
};

#define PARAGRAPHS(a) (a), sizeof(a) / sizeof((a)[0])
static const struct document_section decision_sections[] = {
	{ "一、违法事实", PARAGRAPHS(facts) },         { "二、证据", PARAGRAPHS(evidence) },
	{ "三、处罚依据", PARAGRAPHS(basis) },         { "四、处罚决定", PARAGRAPHS(decision_text) },
	{ "五、履行方式和期限", PARAGRAPHS(payment) }, { "六、救济途径", PARAGRAPHS(remedies) },
};

static const char *const signature[] = { AGENCY };

static const struct document decision = {
	.kind = DOCUMENT_DECISION,
	.agency = AGENCY,
	.number = NUMBER,
	.fields = decision_fields,
	.field_count = sizeof decision_fields / sizeof decision_fields[0],
	.sections = decision_sections,
	.section_count = sizeof decision_sections / sizeof decision_sections[0],
	.signature = signature,
	.signature_count = 1,
	.issued_on = "2023-03-06",
	.verify_url = VERIFY_URL,
	.access_code = "4H8N-2Q7D",
};

static const struct document_row receipt_rows[] = {
	{ "送达文书名称及文号", "行政处罚决定书（" NUMBER "）", NULL, NULL, 0 },
	{ "受送达人", "湖北顺达物流有限公司", NULL, NULL, 0 },
	{ "送达地点", "湖北省襄阳市樊城区牛首镇汉江物流园区8号", NULL, NULL, 0 },
	{ "送达方式", "直接送达", NULL, NULL, 0 },
	{ "受送达人签名或盖章", "王建国（法定代表人）\n2023年3月7日10时20分", NULL, NULL, 30 },
	{ "送达人", "张伟、刘洋", "执法证号", "42060021001、42060021017", 0 },
	{ "见证人", "陈红梅（襄阳北公路超限检测站职工）", NULL, NULL, 0 },
	{ "代收人及代收理由", "", NULL, NULL, 16 },
	{ "备注", "当事人当场签收。", NULL, NULL, 16 },
};

static const struct document receipt = {
	.kind = DOCUMENT_RECEIPT,
	.agency = AGENCY,
	.number = "鄂交执送〔2023〕0001号",
	.rows = receipt_rows,
	.row_count = sizeof receipt_rows / sizeof receipt_rows[0],
	.signature = signature,
	.signature_count = 1,
	.issued_on = "2023-03-07",
	.verify_url = "https://jtzf.xiangyang.gov.cn/verify/M3V8R2KD6W",
	.access_code = "9T3C-6PZE",
};

/* ---- helpers ------------------------------------------------------------------ */

static char dir[4096];
static bool dir_is_temporary;

static void render(const struct document *d, struct buf *out)
{
	struct err e = { 0 };
	buf_init(out);
	if (document_render_pdf(d, out, &e))
		fail_msg("render %s: %s", d->number, e.msg);
	assert_true(out->n > 1000);
	assert_memory_equal(out->p, "%PDF-", 5);
}

static void write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b->p, 1, b->n, f), b->n);
	assert_int_equal(fclose(f), 0);
}

/* The whole output of a shell command (paths here have no quotes). */
static void command_output(const char *command, struct buf *out)
{
	buf_init(out);
	FILE *f = popen(command, "r");
	assert_non_null(f);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, n);
	int status = pclose(f);
	if (status != 0)
		fail_msg("'%s' exited with %d", command, status);
}

/* The text pdftotext reads, without the spaces and line ends it puts
 * between lines and justified characters. */
static void pdf_text(const char *pdf, struct buf *out)
{
	char command[8400];
	snprintf(command, sizeof command, "pdftotext -enc UTF-8 '%s' -", pdf);
	struct buf raw;
	command_output(command, &raw);
	buf_init(out);
	for (size_t i = 0; i < raw.n; i++)
		if (raw.p[i] != ' ' && raw.p[i] != '\n' && raw.p[i] != '\f')
			buf_addc(out, raw.p[i]);
	buf_release(&raw);
}

/* Each needle is found after the one before it. */
static void assert_in_order(const struct buf *text, const char *const *needles, size_t n)
{
	const char *at = text->p;
	for (size_t i = 0; i < n; i++) {
		const char *found = strstr(at, needles[i]);
		if (!found)
			fail_msg("'%s' is not in the text after '%s' (is it at all? %s)", needles[i],
			         i ? needles[i - 1] : "the start", strstr(text->p, needles[i]) ? "yes" : "no");
		at = found + strlen(needles[i]);
	}
}

/* What zbarimg reads on page `page` of the PDF. */
static void qr_text(const char *pdf, int page, struct buf *out)
{
	char command[8400];
	snprintf(command, sizeof command,
	         "pdftoppm -png -r 200 -f %d -l %d -singlefile '%s' '%s.qr' && zbarimg --quiet --raw '%s.qr.png' "
	         "2>/dev/null",
	         page, page, pdf, pdf, pdf);
	command_output(command, out);
	while (out->n && out->p[out->n - 1] == '\n')
		out->p[--out->n] = '\0';
}

static void artifact(const char *name, const struct buf *pdf, char path[4200])
{
	snprintf(path, 4200, "%s/%s.pdf", dir, name);
	write_file(path, pdf);
	char command[8600];
	snprintf(command, sizeof command, "pdftoppm -png -r 60 -f 1 -l 1 -singlefile '%s' '%s/%s-1'", path, dir, name);
	struct buf ignored;
	command_output(command, &ignored);
	buf_release(&ignored);
}

static int setup(void **state)
{
	(void)state;
	const char *artifacts = getenv("SUNROAD_ARTIFACTS");
	if (artifacts && *artifacts) {
		snprintf(dir, sizeof dir, "%s", artifacts);
		if (mkdir(dir, 0755) && errno != EEXIST)
			return -1;
	} else {
		snprintf(dir, sizeof dir, "/tmp/sunroad-document-XXXXXX");
		if (!mkdtemp(dir))
			return -1;
		dir_is_temporary = true;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (dir_is_temporary) {
		char command[4200];
		snprintf(command, sizeof command, "rm -rf '%s'", dir);
		return system(command) == 0 ? 0 : -1;
	}
	return 0;
}

/* ---- the tests ------------------------------------------------------------------ */

static void test_decision_text(void **state)
{
	(void)state;
	struct buf pdf, text;
	char path[4200];
	render(&decision, &pdf);
	artifact("decision", &pdf, path);
	pdf_text(path, &text);
	static const char *const order[] = {
		AGENCY,
		"行政处罚决定书",
		NUMBER,
		"当事人：湖北顺达物流有限公司",
		"统一社会信用代码：91420606MA49KD2X7F",
		"车牌号：鄂F53D27（黄色）",
		"一、违法事实",
		"车货总质量61.16吨",
		"限值49吨",
		"超限12.16吨",
		"二、证据",
		"三、处罚依据",
		"《公路安全保护条例》第三十三条第一款",
		"《超限运输车辆行驶公路管理规定》第四十三条第一款第二项规定：“车货总质量超过本规定",
		"每超1000千克罚款500元，最高不得超过30000元。”",
		"四、处罚决定",
		"罚款6,000元（人民币陆仟元整）",
		"五、履行方式和期限",
		"十五日内",
		"六、救济途径",
		"六十日内",
		"六个月内",
		AGENCY,
		"2023年3月6日",
	};
	assert_in_order(&text, order, sizeof order / sizeof order[0]);
	static const char *const pages[] = { "查验码4H8N-2Q7D", "第1页共2页", NUMBER,
		                             "查验码4H8N-2Q7D", "第2页共2页", NUMBER };
	assert_in_order(&text, pages, sizeof pages / sizeof pages[0]);
	assert_null(strstr(text.p, "第3页"));
	buf_release(&text);
	buf_release(&pdf);
}

static void test_decision_qr(void **state)
{
	(void)state;
	struct buf pdf, qr;
	char path[4200];
	render(&decision, &pdf);
	snprintf(path, sizeof path, "%s/decision-qr.pdf", dir);
	write_file(path, &pdf);
	for (int page = 1; page <= 2; page++) {
		qr_text(path, page, &qr);
		assert_string_equal(qr.p, VERIFY_URL);
		buf_release(&qr);
	}
	buf_release(&pdf);
}

/* The dates are the document's; cairo's clock and an /ID stay out. */
static void test_same_bytes_in_one_process(void **state)
{
	(void)state;
	struct buf a, b;
	render(&decision, &a);
	render(&decision, &b);
	assert_int_equal(a.n, b.n);
	assert_memory_equal(a.p, b.p, a.n);
	/* cairo 1.16.0 leaves out the "D:" of PDF dates; pdfinfo reads them. */
	const char *created = memmem(a.p, a.n, "/CreationDate (", 15), *modified = memmem(a.p, a.n, "/ModDate (", 10);
	assert_non_null(created);
	assert_non_null(modified);
	assert_non_null(strstr(created, "20230306000000+08'00)"));
	assert_true(strstr(created, "20230306000000+08'00)") - created < 20);
	assert_true(strstr(modified, "20230306000000+08'00)") - modified < 20);
	assert_null(memmem(a.p, a.n, "/ID", 3));
	buf_release(&a);
	buf_release(&b);
}

/* Another process (its own addresses, its own font caches) writes the
 * same bytes. */
static void test_same_bytes_in_two_processes(void **state)
{
	(void)state;
	char self[4096], path[4200], command[8400];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	assert_true(n > 0);
	self[n] = '\0';
	snprintf(path, sizeof path, "%s/decision-other-process.pdf", dir);
	snprintf(command, sizeof command, "'%s' --render-decision '%s'", self, path);
	assert_int_equal(system(command), 0);
	struct buf mine, theirs;
	render(&decision, &mine);
	buf_init(&theirs);
	assert_int_equal(buf_read_file(&theirs, path), 0);
	assert_int_equal(mine.n, theirs.n);
	assert_memory_equal(mine.p, theirs.p, mine.n);
	buf_release(&mine);
	buf_release(&theirs);
}

struct job {
	const struct document *d;
	struct buf pdf;
	int rc;
};

static void *render_job(void *arg)
{
	struct job *j = arg;
	struct err e = { 0 };
	buf_init(&j->pdf);
	j->rc = document_render_pdf(j->d, &j->pdf, &e);
	return NULL;
}

/* Server threads render at once, the first time in their lives. */
static void test_threads(void **state)
{
	(void)state;
	enum { THREADS = 6 };
	struct job jobs[THREADS];
	pthread_t thread[THREADS];
	for (int i = 0; i < THREADS; i++) {
		jobs[i] = (struct job){ .d = i % 2 ? &receipt : &decision };
		assert_int_equal(pthread_create(&thread[i], NULL, render_job, &jobs[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(thread[i], NULL), 0);
	struct buf want[2];
	render(&decision, &want[0]);
	render(&receipt, &want[1]);
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(jobs[i].rc, 0);
		assert_int_equal(jobs[i].pdf.n, want[i % 2].n);
		assert_memory_equal(jobs[i].pdf.p, want[i % 2].p, want[i % 2].n);
		buf_release(&jobs[i].pdf);
	}
	buf_release(&want[0]);
	buf_release(&want[1]);
}

static void test_receipt(void **state)
{
	(void)state;
	struct buf pdf, text, qr;
	char path[4200];
	render(&receipt, &pdf);
	artifact("receipt", &pdf, path);
	pdf_text(path, &text);
	static const char *const order[] = {
		"送达回证",
		"鄂交执送〔2023〕0001号",
		"送达文书名称及文号",
		"行政处罚决定书（" NUMBER "）",
		"受送达人",
		"湖北顺达物流有限公司",
		"送达方式",
		"直接送达",
		"受送达人签名或盖章",
		"王建国（法定代表人）",
		"送达人",
		"张伟、刘洋",
		"执法证号",
		"42060021001、42060021017",
		"见证人",
		"陈红梅",
		"备注",
		"当事人当场签收。",
		AGENCY,
		"2023年3月7日",
		"第1页共1页",
	};
	assert_in_order(&text, order, sizeof order / sizeof order[0]);
	qr_text(path, 1, &qr);
	assert_string_equal(qr.p, receipt.verify_url);
	buf_release(&qr);
	buf_release(&text);
	buf_release(&pdf);
}

/* A form longer than a page goes on to the next, a row never cut in two;
 * a long value wraps under itself. */
static void test_long_form(void **state)
{
	(void)state;
	enum { ROWS = 40 };
	struct document_row rows[ROWS];
	char labels[ROWS][32];
	for (int i = 0; i < ROWS; i++) {
		snprintf(labels[i], sizeof labels[i], "第%d项", i + 1);
		rows[i] =
		    (struct document_row){ labels[i], "车货总质量61.16吨，限值49吨，超限12.16吨。", NULL, NULL, 0 };
	}
	static const struct document_field long_field[] = {
		{ "地址", "湖北省襄阳市樊城区牛首镇汉江物流园区8号院内3栋2单元（襄阳北公路超限检测站以东约2公里，"
		          "G316国道K1026+100处南侧）" },
	};
	struct document d = receipt;
	d.fields = long_field;
	d.field_count = 1;
	d.rows = rows;
	d.row_count = ROWS;
	struct buf pdf, text;
	char path[4200];
	render(&d, &pdf);
	artifact("long-form", &pdf, path);
	pdf_text(path, &text);
	static const char *const order[] = {
		"地址：湖北省襄阳市", "G316国道K1026+100处南侧）", "第1项", "第1页共3页", "第2页共3页", "第40项",
		"第3页共3页",
	};
	assert_in_order(&text, order, sizeof order / sizeof order[0]);
	buf_release(&text);
	buf_release(&pdf);
}

static void test_refusals(void **state)
{
	(void)state;
	struct buf out;
	struct err e = { 0 };
	buf_init(&out);
	struct document d = decision;
	d.number = NULL;
	assert_int_equal(document_render_pdf(&d, &out, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "number"));
	d = decision;
	d.issued_on = "2023-3-6";
	assert_int_equal(document_render_pdf(&d, &out, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "2023-3-6"));
	d = decision;
	d.issued_on = "2023-02-30";
	assert_int_equal(document_render_pdf(&d, &out, &e), ERR_INVALID);
	d = decision;
	static const struct document_field bad[] = { { "当事人", "\xE6\xB9" } };
	d.fields = bad;
	d.field_count = 1;
	assert_int_equal(document_render_pdf(&d, &out, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "UTF-8"));
	d = decision;
	d.kind = DOCUMENT_KINDS;
	assert_int_equal(document_render_pdf(&d, &out, &e), ERR_INVALID);
	assert_int_equal(out.n, 0);
	assert_string_equal(document_kind_title(DOCUMENT_DEMAND), "催告书");
	buf_release(&out);
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Not a check: the time a two-page decision takes, for the record. */
static void test_speed(void **state)
{
	(void)state;
	int runs = getenv("SUNROAD_TEST_QUICK") ? 2 : 20;
	struct buf pdf;
	buf_init(&pdf);
	double start = now_ms();
	for (int i = 0; i < runs; i++) {
		struct err e = { 0 };
		buf_clear(&pdf);
		assert_int_equal(document_render_pdf(&decision, &pdf, &e), 0);
	}
	printf("# a two-page decision: %.1f ms, %zu bytes\n", (now_ms() - start) / runs, pdf.n);
	buf_release(&pdf);
}

int main(int argc, char **argv)
{
	/* The other process of test_same_bytes_in_two_processes. */
	if (argc == 3 && strcmp(argv[1], "--render-decision") == 0) {
		struct buf pdf;
		struct err e = { 0 };
		buf_init(&pdf);
		if (document_render_pdf(&decision, &pdf, &e)) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		FILE *f = fopen(argv[2], "wb");
		int rc = !f || fwrite(pdf.p, 1, pdf.n, f) != pdf.n;
		if (f && fclose(f))
			rc = 1;
		buf_release(&pdf);
		return rc;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads), /* first: the threads are the first to draw */
		cmocka_unit_test(test_decision_text),
		cmocka_unit_test(test_decision_qr),
		cmocka_unit_test(test_same_bytes_in_one_process),
		cmocka_unit_test(test_same_bytes_in_two_processes),
		cmocka_unit_test(test_receipt),
		cmocka_unit_test(test_long_form),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_speed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
