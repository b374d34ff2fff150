@alone
Feature: Time for the site
  Each node takes its time from the site's upstream servers, keeps in step
  with its partner, and serves that time to the segments allowed to ask for
  it; everyone else gets no answer at all. Strata, addresses and the allowed
  networks come from site.yaml. The lab's hosts share one clock, so a time a
  node serves must agree with the client's own within the error the answer
  itself states. Judged to within a millisecond, these scenarios run alone:
  a scenario on another lab would load the CPU that timestamps the packets.

  Scenario: Both nodes synchronise with the site's upstream servers
    Then each node serves the time of one of the site's upstream servers, one stratum below it
    And chronyc on each node counts its partner and every upstream server as reachable

  Scenario: Clients on every allowed segment get the time from both nodes
    When a client on each segment allowed to ask for time asks each node for the time
    Then every answer is synchronised time, one stratum below the site's upstream servers
    And every answer agrees with the client's clock within the error it states

  Scenario: A host outside the site gets no time
    When the outsider asks each node for the time
    Then no node answers, though both are reachable from there

  @needs-closed-ntp-segment
  Scenario: A segment that may not ask for time gets none
    When a client on each segment not allowed to ask for time asks each node for the time
    Then no node answers, though both are reachable from there

  # A node whose clock has had no update for eight polls serves its own
  # clock at the orphan stratum. chrony follows a partner at that stratum only
  # if the partner's reference ID (its address) is smaller than its own, so
  # once no upstream is selectable the node with the lower address leads and
  # the other takes its time from it.
  @needs-quick-ntp-poll
  Scenario: The pair goes to the orphan stratum when every upstream server disappears
    Given every upstream time server has disappeared
    Then within eight polls chronyc on each node counts every upstream server as unreachable
    And in time the node with the lower address serves its own clock at the site's orphan stratum, and its partner serves that time one stratum higher
    And every answer agrees with the client's clock within the error it states
