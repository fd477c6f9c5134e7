import unittest

from training.config import Config, from_args, parse_flags


class ParseFlagsTest(unittest.TestCase):
    def test_config_keys_options_and_both_spellings(self):
        cfg, opts = parse_flags(["--ft-epochs=3", "--lam_grid=0.1,0.2", "--resume"], {"resume": False})
        self.assertEqual(cfg.ft_epochs, 3.0)
        self.assertEqual(cfg.lam_grid, [0.1, 0.2])
        self.assertIs(opts["resume"], True)

    def test_booleans_accept_the_usual_words_and_reject_others(self):
        for raw, want in (("1", True), ("true", True), ("yes", True), ("0", False), ("false", False), ("no", False)):
            self.assertIs(parse_flags([f"--resume={raw}"], {"resume": False})[1]["resume"], want)
        with self.assertRaises(SystemExit) as e:
            parse_flags(["--resume=maybe"], {"resume": False})
        self.assertIn("--resume=maybe", str(e.exception))

    def test_unknown_flags_bad_numbers_and_missing_values_are_named(self):
        for argv, needle in ((["--nope=1"], "--nope"), (["--ft_epochs=ten"], "--ft_epochs=ten"),
                             (["--out"], "--out needs a value"), (["plain"], "plain")):
            with self.assertRaises(SystemExit) as e:
                parse_flags(argv, {"out": ""})
            self.assertIn(needle, str(e.exception))

    def test_smoke_first_then_explicit_flags_win_then_entry_point_defaults_under_both(self):
        cfg = from_args(["--pre_batch=64", "--smoke"])
        self.assertTrue(cfg.smoke)
        self.assertEqual(cfg.pre_batch, 64)  # explicit beats smoke's 128
        cfg, _ = parse_flags(["--ft_epochs=2"], {}, {"ft_epochs": 20.0, "ft_batch": 128})
        self.assertEqual((cfg.ft_epochs, cfg.ft_batch), (2.0, 128))
        self.assertEqual(Config().ft_batch, 256)  # the defaults of an entry point never leak into Config


if __name__ == "__main__":
    unittest.main()
