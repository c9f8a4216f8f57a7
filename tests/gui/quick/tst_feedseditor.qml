import QtQuick
import QtTest
import FeedDeck
import FeedDeckTest

// The feeds editor as a person uses it: add a feed, subscribe and unsubscribe, fix a bad
// address, test a connection, map a JSON message, remove and undo, and restart to find
// everything as it was. Against a real engine and an in-process server.
TestCase {
    id: testCase
    name: "FeedsEditor"
    when: windowShown
    width: 1280
    height: 900

    Component {
        id: dashboardComponent
        Dashboard {
            width: testCase.width
            height: testCase.height
            quotes: Harness.quotes
            inventory: Harness.inventory
            feeds: Harness.feeds
            problems: Harness.problems
            settings: Harness.settings
            charts: Harness.board
            derivedSeries: Harness.derivedSeries
            sparklines: Harness.sparklines
            setup: Harness.setup
            exporter: Harness.exporter
            alerts: Harness.alerts
            alertRules: Harness.alertRules
        }
    }

    function cleanupTestCase() {
        Harness.stop()
    }

    function openEditor(symbols) {
        Harness.start(symbols)
        Harness.settings.view = 0
        const dashboard = createTemporaryObject(dashboardComponent, testCase.Window.window.contentItem)
        verify(dashboard)
        tryCompare(Harness.feeds, "summary", "1 of 1 feeds live", 5000)
        keySequence("Ctrl+4")
        compare(dashboard.currentView, Views.Feeds)
        return dashboard
    }

    function selectFeed(dashboard, feedId) {
        const row = findChild(dashboard, "feedRow_" + feedId)
        verify(row, "a row for " + feedId)
        mouseClick(row)
        compare(Harness.setup.editor.feedId, feedId)
        waitForRendering(dashboard.feedsEditor) // the form is laid out before anything in it is clicked
    }

    // The Quotes status of a symbol's row ("waiting" before its first value), "" without a row.
    function quoteStatus(symbol) {
        for (let row = 0; row < Harness.quotes.rowCount; ++row)
            if (Harness.quotes.data(Harness.quotes.index(row, 0), QuoteTableModel.SymbolRole) === symbol)
                return Harness.quotes.data(Harness.quotes.index(row, 0), QuoteTableModel.StatusRole)
        return ""
    }

    function typeText(text) {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
    }

    function replaceText(field, text) {
        field.forceActiveFocus()
        field.selectAll()
        keyClick(Qt.Key_Delete)
        typeText(text)
    }

    function test_addingAFeedThroughTheEditorConnectsSubscribesAndSaves() {
        const dashboard = openEditor(["BTC-USD"])
        mouseClick(findChild(dashboard, "addFeedButton"))
        const addCoinbase = findChild(dashboard, "addCoinbase")
        tryCompare(addCoinbase, "visible", true)
        mouseClick(addCoinbase)
        verify(Harness.setup.editor.isNew)

        replaceText(findChild(dashboard, "nameField"), "Second venue")
        replaceText(findChild(dashboard, "urlField"), Harness.serverUrl)
        const symbols = findChild(dashboard, "symbolInput")
        symbols.forceActiveFocus()
        typeText("AAA-USD, BBB-USD")
        keyClick(Qt.Key_Return)
        compare(Harness.setup.editor.symbols.count, 2)
        verify(Harness.setup.editor.valid, JSON.stringify(Harness.setup.editor.problems))

        // The two new symbols grew the form past the window: scroll to the button, as a person
        // would, and click it where it is now drawn.
        waitForRendering(dashboard.feedsEditor)
        const flick = dashboard.feedsEditor.form.contentItem
        flick.contentY = Math.max(0, flick.contentHeight - flick.height)
        waitForRendering(dashboard.feedsEditor)
        mouseClick(findChild(dashboard, "applyButton"))
        compare(Harness.setup.document.feedCount, 2)
        verify(!Harness.setup.editor.isNew)
        compare(Harness.setup.editor.feedId, "second-venue")
        tryVerify(() => connections() === 2, 5000, "the new feed connects")
        tryVerify(() => Harness.subscribedSymbols().indexOf("BBB-USD") >= 0, 5000, "and subscribes")
        verify(Harness.subscribedSymbols().indexOf("AAA-USD") >= 0)
        compare(findChild(dashboard, "editorFeedList").count, 2)
    }

    function connections() { return Harness.connectionCount() }

    function problemLines() {
        let lines = []
        for (let row = 0; row < Harness.problems.count; ++row)
            lines.push(Harness.problems.data(Harness.problems.index(row, 0), Qt.DisplayRole))
        return lines
    }

    function test_addedFeedReceivesValuesAndIsInTheSavedFile() {
        const dashboard = openEditor(["BTC-USD"])
        Harness.setup.editor.startNew("coinbase")
        replaceText(findChild(dashboard, "nameField"), "Second venue")
        replaceText(findChild(dashboard, "urlField"), Harness.serverUrl)
        findChild(dashboard, "symbolInput").forceActiveFocus()
        typeText("AAA-USD")
        keyClick(Qt.Key_Return)
        findChild(dashboard, "nameField").forceActiveFocus()
        keyClick(Qt.Key_Return) // Enter in a field applies
        compare(Harness.setup.document.feedCount, 2)
        tryVerify(() => connections() === 2, 5000, "the new feed connects")
        tryVerify(() => Harness.subscribedSymbols().indexOf("AAA-USD") >= 0, 5000, "and subscribes")

        Harness.sendTicker("AAA-USD", 12.5)
        tryVerify(() => quoteStatus("AAA-USD") === "live", 2000, "the new feed's value shows")
        const saved = JSON.parse(Harness.readFile(Harness.workspacePath))
        compare(saved.feeds.length, 2)
        compare(saved.feeds[1].name, "Second venue")
        compare(saved.feeds[1].url, Harness.serverUrl)
        compare(saved.feeds[1].symbols, ["AAA-USD"])
    }

    function test_symbolEditsOnALiveFeedSendDeltasWithoutReconnecting() {
        const dashboard = openEditor(["BTC-USD"])
        selectFeed(dashboard, "crypto")
        const input = findChild(dashboard, "symbolInput")
        input.forceActiveFocus()
        typeText("XRP-USD ADA-USD")
        keyClick(Qt.Key_Return)
        compare(Harness.setup.editor.symbols.count, 3)
        tryVerify(() => Harness.subscribedSymbols().indexOf("ADA-USD") >= 0, 5000, "the server gets a subscribe delta")
        verify(Harness.subscribedSymbols().indexOf("XRP-USD") >= 0)
        // The delta holds only the new symbols: BTC-USD was sent once, at connect.
        compare(Harness.subscribedSymbols().filter(s => s === "BTC-USD").length, 1)
        compare(connections(), 1)

        Harness.sendTicker("ADA-USD", 0.5)
        tryVerify(() => quoteStatus("ADA-USD") === "live", 1000, "the new symbol's value shows within a second")

        const remove = findChild(dashboard, "removeSymbol_XRP-USD")
        verify(remove)
        mouseClick(remove)
        compare(Harness.setup.editor.symbols.count, 2)
        tryVerify(() => Harness.unsubscribedSymbols().indexOf("XRP-USD") >= 0, 5000, "the server gets an unsubscribe delta")
        compare(connections(), 1)
        // Saved at once, without Apply.
        compare(JSON.parse(Harness.readFile(Harness.workspacePath)).feeds[0].symbols, ["BTC-USD", "ADA-USD"])
    }

    function test_aSymbolTheServerRefusesIsMarkedWithItsReason() {
        const dashboard = openEditor(["BTC-USD"])
        Harness.refuseSymbols(["NOPE-USD"])
        selectFeed(dashboard, "crypto")
        findChild(dashboard, "symbolInput").forceActiveFocus()
        typeText("NOPE-USD")
        keyClick(Qt.Key_Return)
        tryCompare(Harness.setup.editor.symbols, "rejectedCount", 1, 5000)
        let reason = null
        tryVerify(() => {
            reason = findChild(findChild(dashboard, "symbolList"), "rejectedReason_NOPE-USD")
            return reason && reason.text.length > 0
        }, 5000)
        verify(reason.text.indexOf("not a valid product") >= 0, reason.text)
        compare(Harness.setup.editor.symbols.count, 2) // kept, not silently dropped
    }

    function test_anInvalidAddressIsReportedInlineAndEscapeReverts() {
        const dashboard = openEditor(["BTC-USD"])
        selectFeed(dashboard, "crypto")
        const url = findChild(dashboard, "urlField")
        const original = url.text
        replaceText(url, "http://example.com/feed")
        const problem = findChild(dashboard, "urlProblem")
        tryCompare(problem, "visible", true)
        verify(problem.text.indexOf("not a WebSocket URL") >= 0, problem.text)
        compare(findChild(dashboard, "applyButton").enabled, false)
        keyClick(Qt.Key_Return) // Enter does not apply what is invalid
        compare(JSON.parse(Harness.readFile(Harness.workspacePath)).feeds[0].url, original)

        replaceText(url, "ws://")
        tryVerify(() => problem.visible && problem.text.indexOf("host") >= 0, 1000, problem.text)

        keyClick(Qt.Key_Escape)
        compare(url.text, original)
        compare(problem.visible, false)
        verify(!Harness.setup.editor.dirty)
    }

    function test_testConnectionShowsTheHandshakeAndTheFirstMessages() {
        const dashboard = openEditor(["BTC-USD"])
        selectFeed(dashboard, "crypto")
        const testButton = findChild(dashboard, "testButton")
        testButton.forceActiveFocus() // by keyboard, as after tabbing to it
        keyClick(Qt.Key_Space)
        verify(Harness.setup.tester.running)
        tryVerify(() => connections() === 2, 5000, "the test opens a connection of its own")
        for (let i = 1; i <= 5; ++i)
            Harness.sendTicker("BTC-USD", 100 + i)
        tryCompare(Harness.setup.tester, "running", false, 9000)
        verify(Harness.setup.tester.ok, Harness.setup.tester.summary)
        const summary = findChild(dashboard, "testSummary")
        verify(summary.text.startsWith("Handshake OK"), summary.text)
        const messages = findChild(dashboard, "testMessages")
        tryCompare(messages, "visible", true)
        verify(messages.text.indexOf("\"price\":\"105") >= 0, messages.text)
    }

    function test_jsonMappingPreviewShowsTheRowOrWhatIsWrong() {
        const dashboard = openEditor(["BTC-USD"])
        mouseClick(findChild(dashboard, "addFeedButton"))
        const addJson = findChild(dashboard, "addJson")
        tryCompare(addJson, "visible", true)
        mouseClick(addJson)
        compare(Harness.setup.editor.protocol, "json")

        replaceText(findChild(dashboard, "matchFilter"), "{\"type\": \"stock\"}")
        replaceText(findChild(dashboard, "keyFields"), "item.sku, site")
        replaceText(findChild(dashboard, "valueFields"), "qty")
        replaceText(findChild(dashboard, "timeField"), "ts")
        const message = findChild(dashboard, "previewMessage")
        message.forceActiveFocus()
        Harness.setup.preview.message =
            "{\"type\":\"stock\",\"item\":{\"sku\":\"SKU-7\"},\"site\":\"EAST\",\"qty\":12,\"ts\":\"2026-11-23T10:00:00Z\"}"
        const verdict = findChild(dashboard, "previewVerdict")
        tryVerify(() => verdict.text === "1 row from this message", 1000, verdict.text)
        compare(Harness.setup.preview.rows[0].symbol, "SKU-7/EAST")
        compare(Harness.setup.preview.rows[0].values, "qty = 12")
        compare(Harness.setup.preview.rows[0].time, "2026-11-23T10:00:00.000Z")

        replaceText(findChild(dashboard, "valueFields"), "quantity")
        tryVerify(() => verdict.text.startsWith("Bad message"), 1000, verdict.text)
        verify(verdict.text.indexOf("quantity") >= 0, verdict.text)

        replaceText(findChild(dashboard, "matchFilter"), "{\"type\": \"other\"}")
        tryVerify(() => verdict.text.startsWith("Ignored"), 1000, verdict.text)

        replaceText(findChild(dashboard, "matchFilter"), "{\"type\": ")
        tryVerify(() => (Harness.setup.editor.problems["json.match"] ?? "").indexOf("not valid JSON") >= 0, 1000)
        verify(!Harness.setup.editor.valid)
    }

    function test_removingAFeedCanBeUndone() {
        const dashboard = openEditor(["BTC-USD"])
        selectFeed(dashboard, "crypto")
        mouseClick(findChild(dashboard, "removeFeedButton"))
        compare(Harness.setup.document.feedCount, 0)
        compare(JSON.parse(Harness.readFile(Harness.workspacePath)).feeds.length, 0)
        const undoBar = findChild(dashboard, "undoBar")
        tryCompare(undoBar, "visible", true)
        keySequence("Ctrl+Z")
        compare(Harness.setup.document.feedCount, 1)
        compare(undoBar.visible, false)
        const saved = JSON.parse(Harness.readFile(Harness.workspacePath))
        compare(saved.feeds[0].id, "crypto")
        compare(saved.feeds[0].symbols, ["BTC-USD"])
        tryVerify(() => connections() === 2, 5000, "the restored feed connects again")
    }

    function test_afterARestartEverythingIsAsItWas() {
        let dashboard = openEditor(["BTC-USD"])
        selectFeed(dashboard, "crypto")
        replaceText(findChild(dashboard, "nameField"), "Crypto desk")
        keyClick(Qt.Key_Return)
        const input = findChild(dashboard, "symbolInput")
        input.forceActiveFocus()
        input.text = "ETH-USD\nSOL-USD\n" // pasted, one per line
        waitForRendering(dashboard.feedsEditor)
        mouseClick(findChild(dashboard, "addSymbolsButton"))
        compare(Harness.setup.editor.symbols.count, 3)
        Harness.setup.editor.limits.staleAfterMs = 4000
        Harness.setup.editor.connection.headers = [{ name: "X-Api-Key", value: "${env:DESK_KEY}" }]
        verify(Harness.setup.editor.apply())
        Harness.setup.document.setEnabled("crypto", false)
        // Gone before the restart replaces what it shows.
        let destroyed = false
        dashboard.Component.destruction.connect(() => destroyed = true)
        dashboard.destroy()
        tryVerify(() => destroyed)

        compare(Harness.restartFromSavedWorkspace(), "")
        dashboard = createTemporaryObject(dashboardComponent, testCase.Window.window.contentItem)
        keySequence("Ctrl+4")
        selectFeed(dashboard, "crypto")
        const editor = Harness.setup.editor
        compare(editor.name, "Crypto desk")
        compare(editor.symbols.count, 3)
        compare(editor.symbols.symbolAt(2), "SOL-USD")
        compare(editor.limits.staleAfterMs, 4000)
        compare(editor.connection.headers[0].name, "X-Api-Key")
        compare(editor.connection.headers[0].value, "${env:DESK_KEY}")
        compare(Harness.setup.document.feeds.data(Harness.setup.document.feeds.index(0, 0), FeedListModel.EnabledRole), false)
    }

    function test_aWorkspaceThatFailedToLoadIsExplainedAndTheDemoIsOneClickAway() {
        const dashboard = openEditor(["BTC-USD"])
        const broken = Harness.workspacePath
        verify(Harness.writeFile(broken, "{ \"version\": 1, \"feeds\": [ }"))
        verify(!Harness.openWorkspaceFile(broken))
        const screen = findChild(dashboard, "loadProblemScreen")
        tryCompare(screen, "visible", true)
        const text = findChild(dashboard, "loadProblemText").text
        verify(text.indexOf(broken + ": not valid JSON at line 1, column 29") >= 0, text)

        const openDemo = findChild(dashboard, "openDemoButton")
        openDemo.forceActiveFocus()
        keyClick(Qt.Key_Space)
        tryCompare(screen, "visible", false)
        compare(Harness.setup.document.feedCount, 2)
        tryVerify(() => Harness.feeds.summary === "2 of 2 feeds live", 5000, Harness.feeds.summary)
        // Changes in the demo stay in memory: the broken file is not replaced.
        Harness.setup.document.setEnabled("market", false)
        compare(Harness.readFile(broken), "{ \"version\": 1, \"feeds\": [ }")
        verify(findChild(dashboard, "saveNotice").text.indexOf(broken) >= 0)
    }

    function test_aLimitTypedInAdvancedIsSavedAndBoundsTheRunningFeed() {
        const dashboard = openEditor(["BTC-USD", "ETH-USD", "SOL-USD"])
        selectFeed(dashboard, "crypto")
        const maxRows = findChild(dashboard, "maxRows")
        verify(maxRows, "the Advanced section has a field for max_rows")
        compare(maxRows.value, 10000)
        maxRows.forceActiveFocus()
        maxRows.contentItem.selectAll()
        typeText("2")
        keyClick(Qt.Key_Tab) // leaving the field takes the typed value
        compare(Harness.setup.editor.limits.maxRows, 2)
        verify(Harness.setup.editor.dirty)
        compare(Harness.setup.editor.problems["max_rows"], undefined)
        keySequence("Ctrl+S")
        verify(!Harness.setup.editor.dirty)

        const saved = JSON.parse(Harness.readFile(Harness.workspacePath)).feeds[0]
        compare(saved.max_rows, 2)
        compare(saved.max_symbol_bytes, 128)
        compare(saved.history_points, 100000)

        // The feed starts again with its new bound: two of the three symbols get a row.
        tryVerify(() => connections() === 2, 5000, "the edited feed reconnects")
        tryCompare(Harness.feeds, "summary", "1 of 1 feeds live", 5000)
        Harness.sendTicker("BTC-USD", 1)
        Harness.sendTicker("ETH-USD", 2)
        Harness.sendTicker("SOL-USD", 3)
        const refused = "Crypto: the server sent more rows than max_rows (2); rows beyond it are not shown"
        tryVerify(() => problemLines().indexOf(refused) >= 0, 5000, problemLines().join("\n"))
        compare(problemLines().filter(line => line.indexOf("max_rows") >= 0), [refused])
        compare(Harness.quotes.rowCount, 2)
    }

    function test_aLimitOutsideItsRangeIsExplainedAtTheField() {
        const dashboard = openEditor(["BTC-USD"])
        selectFeed(dashboard, "crypto")
        Harness.setup.editor.limits.historyPoints = 50 // below what the field offers, as a hand-edited value could be
        compare(Harness.setup.editor.problems["history_points"],
                "must be at least 100, found 50; use a value from 100 to 10000000")
        verify(!Harness.setup.editor.valid)
        compare(findChild(dashboard, "applyButton").enabled, false)
        compare(JSON.parse(Harness.readFile(Harness.workspacePath)).feeds[0].history_points, 100000)
    }

    function test_theProxyIsCheckedAsTheFileIsAndItsPasswordStaysMasked() {
        const dashboard = openEditor(["BTC-USD"])
        selectFeed(dashboard, "crypto")
        const editor = Harness.setup.editor
        const field = findChild(dashboard, "proxyField")
        verify(field)
        compare(field.text, "system")
        editor.connection.proxy = "http://alice:s3cret@proxy.corp"
        compare(editor.problems["proxy"], "has no port; add it, e.g. http://proxy.corp:3128")
        verify(!editor.valid)
        editor.connection.proxy = "http://alice:s3cret@proxy.corp:3128"
        verify(editor.valid, JSON.stringify(editor.problems))
        compare(field.text, "http://alice:****@proxy.corp:3128")
        verify(field.readOnly)
        editor.connection.proxy = "none"
        compare(field.text, "none")
        verify(!field.readOnly)
        editor.revert()
        compare(editor.connection.proxy, "system")
        verify(JSON.parse(Harness.readFile(Harness.workspacePath)).feeds[0].proxy === undefined)
    }

    function test_compressionAndPayloadAreChosenInAdvancedAndSaved() {
        const dashboard = openEditor(["BTC-USD"])
        selectFeed(dashboard, "crypto")
        const compression = findChild(dashboard, "compression")
        const payload = findChild(dashboard, "payload")
        verify(compression, "the Advanced section has a field for compression")
        verify(payload, "the Advanced section has a field for payload")
        compare(compression.currentText, "auto")
        compare(payload.currentText, "text")
        compression.activated(1)
        payload.activated(1)
        compare(Harness.setup.editor.connection.compression, "off")
        compare(Harness.setup.editor.connection.payload, "gzip")
        verify(Harness.setup.editor.valid)
        keySequence("Ctrl+S")
        verify(!Harness.setup.editor.dirty)
        const saved = JSON.parse(Harness.readFile(Harness.workspacePath)).feeds[0]
        compare(saved.compression, "off")
        compare(saved.payload, "gzip")
        // The feed starts again without the offer and still goes live on its text frames.
        tryCompare(Harness.feeds, "summary", "1 of 1 feeds live", 5000)
    }

    function test_aRelayFeedIsAddedWithItsPatternHistorySettingAndLogin() {
        const dashboard = openEditor(["BTC-USD"])
        mouseClick(findChild(dashboard, "addFeedButton"))
        const addNats = findChild(dashboard, "addNats")
        tryCompare(addNats, "visible", true)
        mouseClick(addNats)
        const editor = Harness.setup.editor
        compare(editor.protocol, "nats")
        compare(findChild(dashboard, "protocolBox").currentText, "FeedDeck relay (nats-server WebSocket)")
        compare(editor.symbols.count, 1) // "feeddeck.>": everything the relay publishes
        waitForRendering(dashboard.feedsEditor)
        const ticker = findChild(dashboard, "option_ticker")
        verify(!ticker || !ticker.visible, "no Coinbase channels for a relay feed")

        const history = findChild(dashboard, "natsHistory")
        verify(history.visible && history.checked)
        mouseClick(history)
        verify(!editor.options.natsHistory)
        findChild(dashboard, "natsUser").forceActiveFocus()
        typeText("desk")
        const password = findChild(dashboard, "natsPassword")
        password.forceActiveFocus()
        typeText("${env:DESK_PW}")
        compare(password.echoMode, TextInput.Normal) // a reference is no secret
        replaceText(findChild(dashboard, "urlField"), "nats://nats-host:4222")
        verify(!editor.valid)
        verify(editor.problems["url"].indexOf("WebSocket listener") >= 0, editor.problems["url"])
        replaceText(findChild(dashboard, "urlField"), "ws://127.0.0.1:1")
        verify(editor.valid, JSON.stringify(editor.problems))
        keySequence("Ctrl+S")
        compare(Harness.setup.document.feedCount, 2)
        const saved = JSON.parse(Harness.readFile(Harness.workspacePath)).feeds[1]
        compare(saved.protocol, "nats")
        compare(saved.symbols, ["feeddeck.>"])
        compare(saved.options, { history: false, user: "desk", password: "${env:DESK_PW}" })
    }

    function test_keyboardAloneMovesThroughTheFormAndApplies() {
        const dashboard = openEditor(["BTC-USD"])
        selectFeed(dashboard, "crypto")
        const name = findChild(dashboard, "nameField")
        const url = findChild(dashboard, "urlField")
        const protocol = findChild(dashboard, "protocolBox")
        name.forceActiveFocus()
        keyClick(Qt.Key_End)
        typeText(" 2")
        keyClick(Qt.Key_Tab)
        verify(url.activeFocus, "Tab goes from the name to the address")
        keyClick(Qt.Key_Tab)
        verify(protocol.activeFocus, "and on to the protocol")
        keySequence("Ctrl+S")
        compare(Harness.setup.document.feeds.data(Harness.setup.document.feeds.index(0, 0), FeedListModel.NameRole), "Crypto 2")
        verify(!Harness.setup.editor.dirty)
        compare(JSON.parse(Harness.readFile(Harness.workspacePath)).feeds[0].name, "Crypto 2")
    }

    // #19: the first Ctrl+4 showed the first feed highlighted over an empty form.
    function test_theFeedsViewOpensOnTheFirstFeedsSettings() {
        Harness.start(["BTC-USD", "ETH-USD"])
        Harness.settings.view = 0
        const dashboard = createTemporaryObject(dashboardComponent, testCase.Window.window.contentItem)
        // As at start-up: the workspace opens right after the window was made, before its
        // first layout hid the views that are not in front.
        verify(Harness.openWorkspaceFile(Harness.workspacePath))
        tryCompare(Harness.feeds, "summary", "1 of 1 feeds live", 5000)
        keySequence("Ctrl+4")
        compare(dashboard.currentView, Views.Feeds)
        waitForRendering(dashboard.feedsEditor)
        compare(Harness.setup.editor.feedId, "crypto")
        const name = findChild(dashboard, "nameField")
        tryCompare(name, "visible", true)
        compare(name.text, "Crypto")
        // Laid out across the form, not collapsed to nothing.
        tryVerify(() => name.width > 300 && dashboard.feedsEditor.form.width > 400, 3000,
                  "name " + name.width + ", form " + dashboard.feedsEditor.form.width)
        compare(findChild(dashboard, "urlField").text, Harness.serverUrl)
        compare(findChild(dashboard, "editorFeedList").currentIndex, 0)
    }

    // #19: on the selected row the switch sat on a fill of its own colour and read as off.
    function test_theSwitchOnTheSelectedRowReadsOnAndOff() {
        const dashboard = openEditor(["BTC-USD"])
        selectFeed(dashboard, "crypto")
        const row = findChild(dashboard, "feedRow_crypto")
        const toggle = findChild(row, "enabledSwitch")
        const background = findChild(row, "rowBackground")
        const theme = Harness.settings.theme
        for (const name of ["light", "dark"]) {
            Harness.settings.theme = name
            compare(row.highlighted, true)
            compare(background.color, Theme.selectedRow)
            verify(Theme.contrast(row.palette.highlight, background.color) >= 3,
                   name + ": the checked switch against the row, " + Theme.contrast(row.palette.highlight, background.color))
        }
        Harness.settings.theme = theme
        compare(toggle.checked, true)
        waitForRendering(toggle)
        mouseClick(toggle)
        tryCompare(Harness.feeds, "summary", "0 of 1 feeds live", 5000)
        compare(toggle.checked, false)
        mouseClick(toggle)
        compare(toggle.checked, true)
        tryCompare(Harness.feeds, "summary", "1 of 1 feeds live", 5000)
    }

    // #20: how often the feed is pinged for its round-trip time, typed in Advanced.
    function test_thePingIntervalIsTypedCheckedAndSaved() {
        const dashboard = openEditor(["BTC-USD"])
        selectFeed(dashboard, "crypto")
        const field = findChild(dashboard, "pingInterval")
        verify(field, "the Advanced section has a field for ping_interval_ms")
        compare(field.value, 15000)
        field.forceActiveFocus()
        field.contentItem.selectAll()
        typeText("500")
        keyClick(Qt.Key_Tab)
        compare(Harness.setup.editor.problems["ping_interval_ms"],
                "must be 0 (ping only when the feed is silent) or at least 1000 ms, found 500")
        compare(findChild(dashboard, "applyButton").enabled, false)
        field.forceActiveFocus()
        field.contentItem.selectAll()
        typeText("0")
        keyClick(Qt.Key_Tab)
        compare(Harness.setup.editor.problems["ping_interval_ms"], undefined)
        keySequence("Ctrl+S")
        verify(!Harness.setup.editor.dirty)
        compare(JSON.parse(Harness.readFile(Harness.workspacePath)).feeds[0].ping_interval_ms, 0)
    }

    // #20: subprotocols typed in Advanced, each name checked as the file's would be.
    function test_subprotocolsAreTypedCheckedAndSaved() {
        const dashboard = openEditor(["BTC-USD"])
        selectFeed(dashboard, "crypto")
        const field = findChild(dashboard, "subprotocolsField")
        verify(field, "the Advanced section has a field for subprotocols")
        compare(field.text, "")
        field.forceActiveFocus()
        typeText("v1.json, v 2")
        compare(field.text, "v1.json, v 2")
        verify(String(Harness.setup.editor.problems["subprotocols[1]"]).indexOf("\"v 2\" is not a subprotocol name") === 0,
               JSON.stringify(Harness.setup.editor.problems))
        compare(findChild(dashboard, "applyButton").enabled, false)
        keyClick(Qt.Key_Backspace)
        keyClick(Qt.Key_Backspace)
        typeText("2.json,")
        compare(field.text, "v1.json, v2.json,") // the trailing comma stays while typing
        compare(Harness.setup.editor.problems["subprotocols[1]"], undefined)
        keySequence("Ctrl+S")
        verify(!Harness.setup.editor.dirty)
        compare(JSON.parse(Harness.readFile(Harness.workspacePath)).feeds[0].subprotocols, ["v1.json", "v2.json"])
    }

    // #20: Qt's WebSocket client chosen in Advanced carries the feed from the next connection.
    function test_qtWebSocketsCanCarryTheFeed() {
        const dashboard = openEditor(["BTC-USD"])
        selectFeed(dashboard, "crypto")
        const choice = findChild(dashboard, "transportChoice")
        verify(choice, "the Advanced section has the WebSocket client choice")
        compare(choice.currentValue, "feeddeck")
        waitForRendering(choice)
        choice.forceActiveFocus()
        keyClick(Qt.Key_Down) // the keyboard moves a closed combo box to the next entry
        compare(Harness.setup.editor.connection.transport, "qtwebsockets")
        keySequence("Ctrl+S")
        verify(!Harness.setup.editor.dirty)
        compare(JSON.parse(Harness.readFile(Harness.workspacePath)).feeds[0].transport, "qtwebsockets")
        tryVerify(() => connections() === 2, 5000, "the feed reconnects with the other client")
        tryCompare(Harness.feeds, "summary", "1 of 1 feeds live", 5000)
        Harness.sendTicker("BTC-USD", 77)
        tryVerify(() => quoteStatus("BTC-USD") === "live", 5000, "values arrive through QWebSocket")
    }
}
