# Reading evaluation (docs/reading.md): every reply of the phrasing banks read as the bot reads it.
.PHONY: eval-reading test-reading known-failures

eval-reading: $(INSTALL_STAMP)
	$(PY) tools/eval_reading.py -q tests/phrasings/answers.yml tests/phrasings/blind.yml tests/phrasings/blind2.yml tests/phrasings/blind3.yml tests/phrasings/blind4.yml tests/phrasings/blind5.yml
	for f in tests/vignettes/dev.yml tests/vignettes/extra.yml tests/vignettes/blind.yml tests/vignettes/blind2.yml tests/vignettes/blind3.yml tests/vignettes/blind4.yml tests/vignettes/blind5.yml; do $(PY) tools/eval_engine.py $$f | tail -n 6; done

test-reading: $(INSTALL_STAMP)
	$(PY) -m pytest tests/engine/test_phrasings.py tests/engine/test_vignettes.py tests/engine/test_reader_properties.py -q

known-failures: $(INSTALL_STAMP)
	$(PY) tools/known_failures.py
