/*
 * test_monitor.c - the monitor through its API: a run stopped and resumed
 * at any point (single steps, the exit hook, breakpoints on guest pcs)
 * ends exactly like an uninterrupted run; virtual cycles equal the bare
 * machine's; the exit log numbers exits monotonically.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "isa/asm.h"
#include "monitor/monitor.h"

struct sink { char buf[4096]; size_t n; };
static void out(void *ctx, uint8_t b)
{
    struct sink *s = ctx;
    if (s->n + 1 < sizeof s->buf)
        s->buf[s->n++] = (char)b;
}

static void assemble(const char *path, struct image *img)
{
    image_init(img);
    const char *paths[1] = { path };
    struct asm_options o;
    asm_options_default(&o);
    assert_int_equal(asm_files(paths, 1, &o, img), 0);
}

static struct mon *start(const struct image *img, struct sink *s)
{
    struct mon_config cfg;
    mon_config_default(&cfg);
    struct mon *mon = mon_new(&cfg);
    struct mon_guest_config gc;
    memset(&gc, 0, sizeof gc);
    gc.image = img;
    gc.out_fn = out;
    gc.out_ctx = s;
    char err[256];
    assert_true(mon_add_guest(mon, &gc, err, sizeof err));
    assert_true(mon_start(mon, err, sizeof err));
    return mon;
}

static uint64_t bare_cycles(const struct image *img)
{
    struct machine_config cfg;
    machine_config_default(&cfg);
    char err[256];
    struct machine *m = machine_new(&cfg, err, sizeof err);
    assert_true(machine_load(m, img, err, sizeof err));
    assert_int_equal(machine_run(m, UINT64_MAX), MACHINE_EXITED);
    uint64_t c = machine_cycles(m);
    machine_free(m);
    return c;
}

static void test_stepping_equals_running(void **state)
{
    (void)state;
    struct image img;
    assemble("tests/isa/traps.s", &img);
    struct sink s1 = { .n = 0 }, s2 = { .n = 0 };
    struct mon *a = start(&img, &s1), *b = start(&img, &s2);
    assert_true(mon_run(a, UINT64_MAX));
    unsigned steps = 0;
    enum mon_stop st;
    while ((st = mon_step(b)) == MON_STOP_STEP)
        steps++;
    assert_int_equal(st, MON_STOP_DONE);
    assert_true(steps > 100);
    struct mon_guest_stats x, y;
    mon_guest_stats(a, 0, &x);
    mon_guest_stats(b, 0, &y);
    assert_int_equal(x.vcycles, y.vcycles);
    assert_int_equal(x.vcycles, bare_cycles(&img));
    assert_int_equal(x.instret, y.instret);
    assert_int_equal(mon_guest_exit_status(a, 0), 0);
    assert_int_equal(mon_guest_exit_status(b, 0), 0);
    assert_int_equal(mon_guest_memory_hash(a, 0), mon_guest_memory_hash(b, 0));
    mon_free(a);
    mon_free(b);
    image_free(&img);
}

static bool stop_on_priv(void *ctx, const struct mon_exit *e)
{
    (void)ctx;
    return e->reason == MON_EXIT_PRIV;
}

static void test_exit_hook_stops_and_resumes(void **state)
{
    (void)state;
    struct image img;
    assemble("tests/isa/traps.s", &img);
    struct sink s1 = { .n = 0 }, s2 = { .n = 0 };
    struct mon *a = start(&img, &s1), *b = start(&img, &s2);
    assert_true(mon_run(a, UINT64_MAX));
    mon_set_exit_hook(b, stop_on_priv, NULL);
    unsigned stops = 0;
    enum mon_stop st;
    uint64_t last = 0;
    while ((st = mon_run_until(b, UINT64_MAX)) == MON_STOP_EXIT) {
        stops++;
        uint64_t n = mon_exit_total(b);
        assert_true(n > last);
        last = n;
        struct mon_exit e;
        assert_true(mon_exit_get(b, n - 1, &e));       /* the newest */
        assert_int_equal(e.reason, MON_EXIT_PRIV);
        assert_false(mon_exit_get(b, n, &e));           /* not yet */
        /* the real CPU shows the guest: its pc is the vCPU's */
        assert_int_equal(machine_pc(mon_machine(b)), mon_guest_pc(b, 0));
    }
    assert_int_equal(st, MON_STOP_DONE);
    struct mon_guest_stats x, y;
    mon_guest_stats(a, 0, &x);
    mon_guest_stats(b, 0, &y);
    assert_int_equal(stops, y.exits[MON_EXIT_PRIV]);
    assert_true(stops > 5);
    assert_int_equal(x.vcycles, y.vcycles);
    assert_int_equal(machine_cycles(mon_machine(a)), machine_cycles(mon_machine(b)));
    mon_free(a);
    mon_free(b);
    image_free(&img);
}

static void test_breakpoint_on_guest_pc(void **state)
{
    (void)state;
    struct image img;
    assemble("programs/demo/primes.s", &img);
    struct sink s = { .n = 0 };
    struct mon *mon = start(&img, &s);
    const struct image_symbol *putc_sym = image_find_symbol(&img, "putc");
    assert_non_null(putc_sym);
    uint32_t bp = putc_sym->value;
    assert_true(machine_set_breakpoints(mon_machine(mon), &bp, 1));
    assert_int_equal(mon_run_until(mon, UINT64_MAX), MON_STOP_BREAKPOINT);
    assert_int_equal(mon_guest_pc(mon, 0), bp);
    assert_int_equal(machine_pc(mon_machine(mon)), bp);
    assert_int_equal(mon_run_until(mon, UINT64_MAX), MON_STOP_BREAKPOINT);   /* the next call */
    assert_true(machine_set_breakpoints(mon_machine(mon), NULL, 0));
    assert_int_equal(mon_run_until(mon, UINT64_MAX), MON_STOP_DONE);
    assert_non_null(strstr(s.buf, "2 3 5 7 11"));
    mon_free(mon);
    image_free(&img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stepping_equals_running),
        cmocka_unit_test(test_exit_hook_stops_and_resumes),
        cmocka_unit_test(test_breakpoint_on_guest_pc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
